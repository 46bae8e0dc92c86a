// The compare JSON over HTTP: which report is compared (?report=), what waits for a resync, what the user
// changed on the phone, and the drift counts the dashboard, /status and /metrics show. The shared server's
// phones are each a test's own; a test that edits phones.yml changes only its phone's entry and undoes it.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startServer } from "../../server.ts";
import { parseYaml } from "../../lib/yaml.ts";
import { FakePhone } from "../fakes/phone.ts";
import { parseMetrics } from "../helpers/prometheus.ts";
import { LOOPBACK_SERVICECONFIG, startTestServer, type TestServer } from "../helpers/server.ts";
import { configure } from "./configure.ts";

const PHONES = `phones:
  desk:
    mac: "00:11:22:33:44:01"
    Station_Name: desk
    Ring_Tone: {value: "Chirp 1", ua: rw}
  hall:
    mac: "00:11:22:33:44:02"
    Station_Name: hall
    Time_Format: 24hr
  lab:
    mac: "00:11:22:33:44:03"
    Station_Name: lab
`;
const COMMON = "common:\n  Voice_Mail_Number: \"0600\"\n";

let server: TestServer;
before(async () => {
  server = await startTestServer({ "phones.yml": PHONES, "common.yml": COMMON });
});
after(() => server.close());

const json = async (path: string) => {
  const res = await server.get(path);
  assert.equal(res.status, 200, `${path}: ${res.body}`);
  return JSON.parse(res.body);
};
const names = (list: { parameter: string }[]) => list.map((p) => p.parameter).sort();
const dashboardRow = async (mac: string) => (await json("/api/admin/dashboard")).phones.find((p: { mac: string }) => p.mac === mac);

/** A phone of phones.yml that fetched its profile and reported it as applied. */
async function phoneInSync(mac: string): Promise<FakePhone> {
  const phone = new FakePhone({ mac });
  assert.equal((await phone.fetchProfile(server.url)).status, 200);
  assert.equal((await phone.postReport(server.url)).status, 200);
  return phone;
}

test("a ua: rw parameter the user changed on the phone is listed apart and the phone stays in sync", async () => {
  const desk = await phoneInSync("001122334401");
  desk.config.Ring_Tone = "Chirp 2";
  await desk.postReport(server.url);
  const c = await json("/api/admin/compare/001122334401");
  assert.deepEqual(c.changed_on_phone, [{ parameter: "Ring_Tone", expected: "Chirp 1", reported: "Chirp 2" }]);
  assert.deepEqual(c.differences, []);
  const row = await dashboardRow("001122334401");
  assert.deepEqual([row.differences, row.changed_on_phone], [0, 1]);
});

test("a config change the phone has not fetched waits for its resync, then for its report, and is never drift", async (t) => {
  const hall = await phoneInSync("001122334402");
  const before = new Date().toISOString();
  configure(t, server, "phones.yml", PHONES.replace("Time_Format: 24hr", "Time_Format: 12hr\n    Date_Format: day/month"));

  let c = await json("/api/admin/compare/001122334402");
  assert.deepEqual(names(c.not_resynced), ["Date_Format", "Time_Format"]);
  assert.deepEqual(c.differences, [], "edited and added parameters are not drift");
  assert.equal(c.resync.status, "not_fetched");
  assert.ok(c.resync.config_changed_at >= before, `the change is dated by the reload: ${c.resync.config_changed_at}`);
  assert.ok(c.resync.profile_fetched_at < c.resync.config_changed_at, "the phone's last fetch came before it");
  const row = await dashboardRow("001122334402");
  assert.deepEqual([row.differences, row.not_resynced], [0, 2]);

  await hall.fetchProfile(server.url);
  c = await json("/api/admin/compare/001122334402");
  assert.equal(c.resync.status, "not_reported", "fetched, but the report is older");
  assert.deepEqual(names(c.not_resynced), ["Date_Format", "Time_Format"]);

  await hall.postReport(server.url);
  c = await json("/api/admin/compare/001122334402");
  assert.equal(c.resync.status, "current");
  assert.deepEqual([c.not_resynced, c.differences], [[], []], "the phone applied the change");
});

test("an older report made before a change the phone has since fetched and reported says so, not that it waits", async (t) => {
  const hall = await phoneInSync("001122334402");
  const older = (await hall.postReport(server.url)).json.id as number;
  configure(t, server, "phones.yml", PHONES.replace("Time_Format: 24hr", "Time_Format: 12hr"));
  await hall.fetchProfile(server.url);
  let c = await json(`/api/admin/compare/001122334402?report=${older}`);
  assert.equal(c.resync.status, "not_reported", "fetched, and no report since");

  await hall.postReport(server.url);
  c = await json(`/api/admin/compare/001122334402?report=${older}`);
  assert.equal(c.resync.status, "reported_since", "the newest report shows what the phone did with the change");
  assert.deepEqual(names(c.not_resynced), ["Time_Format"], "this report still predates the change");
  assert.equal((await json("/api/admin/compare/001122334402")).resync.status, "current");
});

test("a phone that kept an old value after fetching the change drifts", async (t) => {
  const hall = await phoneInSync("001122334402");
  configure(t, server, "phones.yml", PHONES.replace("Time_Format: 24hr", "Time_Format: 12hr"));
  await hall.fetchProfile(server.url);
  hall.config.Time_Format = "24hr"; // the phone did not take it
  await hall.postReport(server.url);
  const c = await json("/api/admin/compare/001122334402");
  assert.deepEqual(c.differences, [{ parameter: "Time_Format", expected: "12hr", reported: "24hr", type: "value_mismatch" }]);
  assert.deepEqual(c.not_resynced, []);
});

test("?report= compares the report named, says which and leaves the newest one for the dashboard", async () => {
  const lab = await phoneInSync("001122334403");
  lab.config.Station_Name = "bench"; // drift in the older report
  const older = (await lab.postReport(server.url)).json.id as number;
  lab.config.Station_Name = "lab";
  const newest = (await lab.postReport(server.url)).json.id as number;

  const old = await json(`/api/admin/compare/001122334403?report=${older}`);
  assert.deepEqual([old.report_id, old.newest_report_id], [older, newest]);
  assert.deepEqual(names(old.differences), ["Station_Name"]);
  const report = await json(`/api/admin/reports/${older}`);
  assert.equal(old.received_at, report.received_at, "the page can show when the compared report came");

  const now = await json("/api/admin/compare/001122334403");
  assert.deepEqual([now.report_id, now.newest_report_id, now.differences], [newest, newest, []]);
  assert.equal((await dashboardRow("001122334403")).differences, 0, "comparing an older report does not replace the newest");
});

test("a report that is not one of the phone's config reports is refused, with the reason", async () => {
  const lab = await phoneInSync("001122334403");
  const desk = await phoneInSync("001122334401");
  const deskReport = (await desk.postReport(server.url)).json.id;
  const status = (await lab.postReport(server.url, { params: { ...lab.config, Report_Rule: "--status http://x" } })).json.id;
  for (const base of ["/api/admin/compare/001122334403", "/export-unexpected/001122334403"]) {
    assert.equal((await server.get(`${base}?report=abc`)).status, 400, "not a number");
    assert.equal((await server.get(`${base}?report=999999`)).status, 404, "no such report");
    assert.equal((await server.get(`${base}?report=${deskReport}`)).status, 404, "another phone's report");
    const res = await server.get(`${base}?report=${status}`);
    assert.equal(res.status, 422, "a status report");
    assert.match(res.body, /status report: only config reports are compared/);
  }
});

test("the export is of the report the page compares", async () => {
  const lab = await phoneInSync("001122334403");
  const older = (await lab.postReport(server.url, { params: { ...lab.config, Old_Extra: "1" } })).json.id;
  await lab.postReport(server.url, { params: { ...lab.config, New_Extra: "2" } });
  const exported = async (query: string) => parseYaml((await server.get(`/export-unexpected/001122334403${query}`)).body, "x.yml", true);
  assert.deepEqual(await exported(`?report=${older}`), { common: { Old_Extra: "1" } });
  assert.deepEqual(await exported(""), { common: { New_Extra: "2" } });
  assert.match((await server.get(`/export-unexpected/001122334403?report=${older}`)).body, new RegExp(`# From report ${older} received`));
});

test("the dashboard's rows and gauges, /status and /metrics count the drift the compare page lists", async (t) => {
  const own = await startTestServer({ "phones.yml": PHONES, "common.yml": COMMON });
  t.after(() => own.close());
  const at = (mac: string) => new FakePhone({ mac });
  const phones = { "001122334401": at("001122334401"), "001122334402": at("001122334402"), "001122334403": at("001122334403") };
  for (const p of Object.values(phones)) await p.fetchProfile(own.url);
  const desk = phones["001122334401"];
  desk.config.Ring_Tone = "Chirp 2"; // changed on the phone
  desk.config.Station_Name = "reception"; // drift: a mismatch
  delete desk.config.Voice_Mail_Number; // drift: missing
  desk.config.Extra = "1"; // unexpected
  phones["001122334402"].config.Extra = "1"; // unexpected, and (below) a change it has not fetched
  for (const p of Object.values(phones)) await p.postReport(own.url);
  own.writeConfig("phones.yml", PHONES.replace("Time_Format: 24hr", "Time_Format: 12hr").replace("Station_Name: desk", "Station_Name: desk\n    Date_Format: day/month"));

  const dashboard = JSON.parse((await own.get("/api/admin/dashboard")).body);
  const kinds = ["differences", "changed_on_phone", "not_resynced", "unexpected_parameters"] as const;
  let drifting = 0;
  for (const mac of Object.keys(phones)) {
    const c = JSON.parse((await own.get(`/api/admin/compare/${mac}`)).body);
    const row = dashboard.phones.find((p: { mac: string }) => p.mac === mac);
    assert.deepEqual([row.differences, row.changed_on_phone, row.not_resynced, row.unexpected], kinds.map((k) => c[k].length), `${mac}: the dashboard row counts what the compare page lists`);
    if (c.differences.length) drifting++;
  }
  const desksDrift = JSON.parse((await own.get("/api/admin/compare/001122334401")).body);
  assert.deepEqual(kinds.map((k) => desksDrift[k].length), [2, 1, 1, 1], "the desk has every kind at once");
  assert.equal(drifting, 1, "the hall only waits for a resync, the lab is in sync");
  const status = JSON.parse((await own.get("/status")).body).metrics;
  const metrics = parseMetrics((await own.get("/metrics")).body);
  for (const [name, value] of Object.entries({ phone_config_differences: drifting, phone_config_not_resynced: 2, phone_unexpected_params: 2 })) {
    assert.equal(dashboard.gauges[name], value, `dashboard ${name}`);
    assert.equal(status[name], value, `/status ${name}`);
    assert.equal(metrics.get(name)?.metrics[0].value, String(value), `/metrics ${name}`);
  }
});

test("what a phone had fetched survives a restart, and an edit made while the server was down is dated by the start", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "switchboard-restart-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const configDir = join(root, "config");
  mkdirSync(configDir);
  const write = (file: string, text: string) => writeFileSync(join(configDir, file), text);
  write("serviceconfig.yml", LOOPBACK_SERVICECONFIG);
  write("common.yml", COMMON);
  write("phones.yml", PHONES);
  const options = { port: 0, host: "127.0.0.1", configDir, dbPath: join(root, "s.sqlite"), watchConfig: false };
  const first = await startServer(options);
  const hall = new FakePhone({ mac: "001122334402" });
  await hall.fetchProfile(first.url);
  await hall.postReport(first.url);
  await first.close();

  write("phones.yml", PHONES.replace("Time_Format: 24hr", "Time_Format: 12hr"));
  const startedBefore = new Date().toISOString();
  const second = await startServer(options);
  t.after(() => second.close());
  const c = JSON.parse(await (await fetch(`${second.url}/api/admin/compare/001122334402`)).text());
  assert.equal(c.resync.status, "not_fetched");
  assert.deepEqual(names(c.not_resynced), ["Time_Format"]);
  assert.ok(c.resync.config_changed_at >= startedBefore, "the start that loaded the edit");
});
