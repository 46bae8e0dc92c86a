// New phones are visible (issue 13): a phone that asks for a profile and gets 404, the bootstrap profile or a
// firmware upgrade is listed by GET /api/admin/unknown-phones with what it said about itself and a phones.yml
// entry to paste; the list is bounded, because anyone on the LAN can invent MACs.
import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";
import { MAX_UNKNOWN_PHONES } from "../../core/mpp/sightings.ts";
import type { UnknownPhone } from "../../core/mpp/unknown-phones.ts";
import { listUnknownPhones } from "../../db/unknown-phones.ts";
import { parseYaml } from "../../lib/yaml.ts";
import { FakePhone } from "../fakes/phone.ts";
import { ADMIN_AND_MONITOR_SERVICECONFIG, startTestServer, type TestServer } from "../helpers/server.ts";
import { profileParams } from "../helpers/xml.ts";

const PHONES = `phones:
  desk:
    mac: "00:11:22:33:44:55"
    Station_Name: desk
`;
const MONITOR = { Authorization: `Basic ${Buffer.from("monitor:monitor-pass").toString("base64")}` };

async function serve(t: TestContext, files: Record<string, string> = {}): Promise<TestServer> {
  const server = await startTestServer({ "phones.yml": PHONES, "serviceconfig.yml": ADMIN_AND_MONITOR_SERVICECONFIG, "switchboard.yml": 'public_url: "http://pbx.test:8080"\n', ...files });
  t.after(() => server.close());
  return server;
}

async function listed(server: TestServer): Promise<UnknownPhone[]> {
  const res = await server.get("/api/admin/unknown-phones", { headers: MONITOR });
  assert.equal(res.status, 200, res.body);
  return JSON.parse(res.body).phones;
}

test("a phone that got 404 or the bootstrap profile is listed with MAC, model, firmware, address, time and User-Agent", async (t) => {
  const server = await serve(t);
  const lost = new FakePhone({ mac: "d4adbeef0001", model: "CP-8851-3PCC", firmware: "12.0.5" });
  const reset = new FakePhone({ mac: "d4adbeef0002", model: "CP-6841-3PCC", firmware: "11.3.7" });
  const desk = new FakePhone({ mac: "001122334455" });
  const started = new Date().toISOString();
  assert.equal((await lost.fetchProfile(server.url)).status, 404);
  assert.equal((await reset.fetchProfile(server.url, "/CP-6841-3PCC.xml")).status, 200);
  assert.equal((await desk.fetchProfile(server.url)).status, 200);
  const phones = await listed(server);
  assert.deepEqual(phones.map((p) => p.mac).sort(), ["d4adbeef0001", "d4adbeef0002"], "desk is in phones.yml");
  const first = phones.find((p) => p.mac === "d4adbeef0001")!;
  assert.equal(first.model, "CP-8851-3PCC");
  assert.equal(first.firmware, "12.0.5");
  assert.equal(first.ip_address, "127.0.0.1");
  assert.equal(first.user_agent, lost.userAgent);
  assert.equal(first.requested, "d4adbeef0001");
  assert.equal(first.answer, "not found");
  assert.ok(first.last_seen_at! >= started, "when it was seen");
  assert.equal(phones.find((p) => p.mac === "d4adbeef0002")?.answer, "bootstrap");
});

test("a phone that only sent a report is listed too", async (t) => {
  const server = await serve(t);
  const reporter = new FakePhone({ mac: "d4adbeef0003" });
  assert.equal((await reporter.postReport(server.url)).status, 200);
  const row = (await listed(server)).find((p) => p.mac === "d4adbeef0003");
  assert.ok(row?.last_report_at, "its report time");
  assert.equal(row.answer, null, "it never asked for a profile");
});

test("the stub parses as YAML and, pasted under phones: in phones.yml, gets that phone its profile", async (t) => {
  const server = await serve(t);
  const phone = new FakePhone({ mac: "d4adbeef0004", model: "CP-8841-3PCC" });
  assert.equal((await phone.fetchProfile(server.url)).status, 404);
  const { stub } = (await listed(server)).find((p) => p.mac === "d4adbeef0004")!;
  const entry = Object.values(parseYaml(stub, "stub.yml") as Record<string, Record<string, string>>)[0];
  assert.equal(entry.mac, "d4:ad:be:ef:00:04");
  assert.equal(entry.label, "CP-8841-3PCC");
  server.writeConfig("phones.yml", PHONES + stub);
  const res = await phone.fetchProfile(server.url);
  assert.equal(res.status, 200, res.body);
  assert.ok(profileParams(res.body), "a profile");
  assert.deepEqual((await listed(server)).map((p) => p.mac), [], "a configured phone is no longer listed");
});

test("a stub's phone ID is one phones.yml does not have yet", async (t) => {
  const server = await serve(t, { "phones.yml": `${PHONES}  phone-ef0005:\n    mac: "00:11:22:33:44:66"\n` });
  await new FakePhone({ mac: "d4adbeef0005" }).fetchProfile(server.url);
  const { stub } = (await listed(server))[0];
  assert.deepEqual(Object.keys(parseYaml(stub, "stub.yml") as object), ["phone-d4adbeef0005"]);
});

test("at most MAX_UNKNOWN_PHONES are kept: the phone seen longest ago goes first", async (t) => {
  const server = await serve(t);
  const { sightings, db } = server.app;
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  const mac = (i: number) => `d4ad${String(i).padStart(8, "0")}`;
  const record = (i: number, seconds = i) => sightings.recordUnknown({ mac: mac(i), ip: "10.0.0.1", userAgent: "x", requested: mac(i), answer: "not found", at: at(seconds) });
  for (let i = 0; i < MAX_UNKNOWN_PHONES + 20; i++) record(i); // more than fit, in memory
  sightings.flush();
  let kept = listUnknownPhones(db).map((u) => u.mac);
  assert.equal(kept.length, MAX_UNKNOWN_PHONES);
  assert.ok(!kept.includes(mac(19)) && kept.includes(mac(20)), "the 20 oldest went");
  for (let i = MAX_UNKNOWN_PHONES + 20; i < MAX_UNKNOWN_PHONES + 50; i++) record(i); // and more, in SQLite
  record(20, MAX_UNKNOWN_PHONES + 60); // seen again: now the newest
  sightings.flush();
  kept = listUnknownPhones(db).map((u) => u.mac);
  assert.equal(kept.length, MAX_UNKNOWN_PHONES);
  assert.ok(kept.includes(mac(20)), "seen again, kept");
  assert.ok(!kept.includes(mac(21)) && !kept.includes(mac(50)) && kept.includes(mac(51)), "the next oldest went");
});

test("the list is for signed-in admins and monitors only", async (t) => {
  const server = await serve(t);
  assert.equal((await server.get("/api/admin/unknown-phones")).status, 401);
  assert.equal((await server.get("/api/admin/unknown-phones", { headers: MONITOR })).status, 200);
});
