// Discovery mode accepts reports from any address (issue 12): a per-phone retention alone let anyone fill the
// disk by posting under ever new MACs. Reports of phones not in phones.yml now share one cap, in count and bytes;
// the oldest of them go first, and the phones that sent only those leave the sightings too.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { listReports } from "../../db/reports.ts";
import { getSighting } from "../../db/sightings.ts";
import { reportXml } from "../fakes/phone.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const KNOWN = "001122334455";
const PHONES = `phones:\n  desk:\n    mac: "00:11:22:33:44:55"\n    Station_Name: desk\n`;
const serviceconfig = (caps: string) => `discovery: {enabled: true}\nauth: {enabled: false}\nreports:\n  retention: 50\n${caps}`;

let server: TestServer;
before(async () => {
  server = await startTestServer({ "phones.yml": PHONES, "serviceconfig.yml": serviceconfig("") });
});
after(() => server.close());

/** A report from `mac`, posted from an address that is in no allowlist (discovery mode lets it in). */
const post = (mac: string, params: Record<string, string> = { Station_Name: mac }) =>
  server.request(`/report/${mac}`, { method: "POST", body: reportXml(params), headers: { "Content-Type": "text/xml" } });
const macOf = (i: number) => `0a0b0c${i.toString(16).padStart(6, "0")}`;
const unknownReports = () => listReports(server.app.db, { limit: 100_000 }).filter((r) => r.mac !== KNOWN);
const storedBytes = () => server.app.db.prepare(`SELECT coalesce(sum(length(CAST(raw_xml AS BLOB)) + length(CAST(params AS BLOB))), 0) FROM reports WHERE mac <> ?`).pluck().get(KNOWN) as number;

test("reports under ever new MACs are capped in number: the newest are kept, with the known phone's", async (t) => {
  t.after(() => server.writeConfig("serviceconfig.yml", serviceconfig("")));
  server.writeConfig("serviceconfig.yml", serviceconfig("  unknown_phones: {max_reports: 5, max_megabytes: 100}\n"));
  assert.equal((await post(KNOWN)).status, 200);
  for (let i = 0; i < 20; i++) assert.equal((await post(macOf(i))).status, 200);
  assert.deepEqual(unknownReports().map((r) => r.mac).sort(), [15, 16, 17, 18, 19].map(macOf));
  assert.equal(listReports(server.app.db, { mac: KNOWN }).length >= 1, true, "a phone of phones.yml is never evicted by strangers");
  assert.equal(getSighting(server.app.db, macOf(0)), undefined, "a stranger whose reports are gone leaves the sightings");
  assert.ok(getSighting(server.app.db, macOf(19)));
});

test("reports under ever new MACs are capped in bytes", async (t) => {
  t.after(() => server.writeConfig("serviceconfig.yml", serviceconfig("")));
  server.writeConfig("serviceconfig.yml", serviceconfig("  unknown_phones: {max_reports: 1000, max_megabytes: 1}\n"));
  const big = { Filler: "x".repeat(300 * 1024) };
  for (let i = 100; i < 110; i++) assert.equal((await post(macOf(i), big)).status, 200);
  assert.ok(storedBytes() <= 1024 * 1024, `${storedBytes()} bytes stored`);
  assert.ok(unknownReports().some((r) => r.mac === macOf(109)), "the newest report is kept");
});

test("without settings a cap applies all the same", () => {
  const caps = server.app.store.config.service.reports.unknown_phones;
  assert.ok(caps.max_reports > 0 && caps.max_reports <= 10_000, String(caps.max_reports));
  assert.ok(caps.max_megabytes > 0 && caps.max_megabytes <= 1024, String(caps.max_megabytes));
});

test("a cap that is not a positive number is a config problem, and the defaults stay", async (t) => {
  t.after(() => server.writeConfig("serviceconfig.yml", serviceconfig("")));
  server.writeConfig("serviceconfig.yml", serviceconfig("  unknown_phones: {max_reports: -1, max_megabytes: lots}\n"));
  assert.ok(server.app.store.errors.some((e) => /unknown_phones/.test(JSON.stringify(e))), JSON.stringify(server.app.store.errors));
});
