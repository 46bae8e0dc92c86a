// The admin JSON API and pages. The shared server's phones report once, in `before`, and no test changes what
// they left; pruning, which deletes reports, has a server of its own.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { listReports } from "../../db/reports.ts";
import { FakePhone } from "../fakes/phone.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const FILES = {
  "phones.yml": `phones:\n  desk:\n    mac: "00:11:22:33:44:55"\n    label: Front desk\n    Station_Name: desk\n    Display_Name_1_: Desk\n    Password_1_: sip-secret\n  spare:\n    mac: "00:11:22:33:44:99"\n    Staton_Name: spare\n`,
  "common.yml": "common:\n  Time_Format: 24hr\n",
  "schema.yml": "schema:\n  flat_profile_params:\n    Time_Format: ''\n    Station_Name: ''\n",
};

/** The desk fetches its profile, reports one difference (config) and then its status; a stranger reports. */
async function phonesReport(server: TestServer): Promise<FakePhone> {
  const desk = new FakePhone({ mac: "001122334455", model: "CP-6841-3PCC", firmware: "12.0.1" });
  await desk.fetchProfile(server.url);
  desk.config.Time_Format = "12hr";
  await desk.postReport(server.url);
  await desk.postReport(server.url, { params: { ...desk.config, Report_Rule: "--status http://x" } });
  await new FakePhone({ mac: "0011223344ab" }).postReport(server.url, { params: { A: "1" } });
  return desk;
}

let server: TestServer;
let desk: FakePhone;
before(async () => {
  server = await startTestServer(FILES);
  desk = await phonesReport(server);
});
after(() => server.close());

const dashboard = async () => JSON.parse((await server.get("/api/admin/dashboard")).body);

test("the dashboard lists each phone of phones.yml with what was last seen of it", async () => {
  const d = await dashboard();
  assert.equal(d.status, "active");
  const [row] = d.phones;
  assert.equal(row.id, "desk");
  assert.equal(row.label, "Front desk");
  assert.equal(row.model, "CP-6841-3PCC");
  assert.equal(row.firmware, "12.0.1");
  assert.ok(row.last_config_at && row.last_report_at);
});

test("the dashboard counts each phone's differences, null before its first report", async () => {
  const [row, spare] = (await dashboard()).phones;
  assert.equal(row.differences, 1);
  assert.equal(spare.differences, null, "no report yet");
});

test("the dashboard lists the config warnings", async () => {
  const d = await dashboard();
  assert.ok(d.config.warnings.some((w: string) => /Staton_Name is not a known MPP parameter: did you mean Station_Name\?/.test(w)));
});

test("the dashboard lists phones that reported but are not in phones.yml", async () => {
  const d = await dashboard();
  assert.deepEqual(d.unconfigured.map((s: { mac: string }) => s.mac), ["0011223344ab"], "a phone that reported but is not configured");
});

test("reports are listed newest first, one row per phone, and filtered by phone", async () => {
  const all = JSON.parse((await server.get("/api/admin/reports")).body).reports;
  assert.deepEqual(all.map((r: { mac: string; report_type: string; report_count: number }) => `${r.mac} ${r.report_type} ${r.report_count}`), ["0011223344ab config 1", "001122334455 status 2"]);
  const desks = JSON.parse((await server.get("/api/admin/reports?mac=00:11:22:33:44:55")).body).reports;
  assert.equal(desks.length, 2);
  assert.equal(JSON.parse((await server.get("/api/admin/reports?mac=00:11:22:33:44:99")).body).reports.length, 0);
  assert.equal((await server.get("/api/admin/reports?mac=nope")).status, 400);
});

test("a report's detail blanks secrets in parameters and raw XML", async () => {
  const [latest] = listReports(server.app.db, { mac: desk.mac });
  const res = await server.get(`/api/admin/reports/${latest.id}`);
  const r = JSON.parse(res.body);
  assert.equal(r.params.Password_1_, "********");
  assert.match(r.raw_xml, /<Password_1_ ua="na">\*{8}<\/Password_1_>/);
  assert.doesNotMatch(res.body, /sip-secret/);
});

test("a report id that does not exist, or is not a number, is 404", async () => {
  assert.equal((await server.get("/api/admin/reports/999999")).status, 404);
  assert.equal((await server.get("/api/admin/reports/abc")).status, 404);
});

test("pruning needs a same-origin JSON request", async () => {
  const url = "/api/admin/reports/prune";
  const json = { "Content-Type": "application/json" };
  assert.equal((await server.request(url, { method: "POST", body: "{}", headers: json })).status, 403, "no Origin");
  assert.equal((await server.request(url, { method: "POST", body: "{}", headers: { ...json, Origin: "http://evil.example" } })).status, 403);
  assert.equal((await server.request(url, { method: "POST", body: "{}", headers: { ...json, Origin: "null" } })).status, 403, "a sandboxed page");
  assert.equal((await server.request(url, { method: "POST", body: "a=1", headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" } })).status, 415);
});

test("pruning keeps the newest reports.retention reports of each phone", async (t) => {
  const own = await startTestServer(FILES);
  t.after(() => own.close());
  await phonesReport(own);
  const [newest] = listReports(own.app.db, { mac: "001122334455" });
  own.writeConfig("serviceconfig.yml", "ip_whitelist: [127.0.0.1]\nauth: {enabled: false}\nreports: {retention: 1}\n");
  const res = await own.request("/api/admin/reports/prune", { method: "POST", body: "{}", headers: { "Content-Type": "application/json", Origin: own.url } });
  assert.equal(res.status, 200);
  assert.deepEqual(JSON.parse(res.body), { deleted: 1, kept_per_phone: 1 }, "the desk's older report");
  assert.deepEqual(listReports(own.app.db, { mac: "001122334455" }).map((r) => r.id), [newest.id], "the newest one stays");
});

test("the admin pages are HTML shells that load admin.js", async () => {
  for (const path of ["/", "/reports", "/report-detail/1", "/compare/001122334455"]) {
    const res = await server.get(path);
    assert.equal(res.status, 200, path);
    assert.match(res.body, /<script src="\/admin\/admin\.js"/, path);
  }
});

test("/ with ?key= is a phone book's page, not the dashboard", async () => {
  const res = await server.get("/?key=abc");
  assert.equal(res.status, 404, "no phone book has the key abc");
  assert.match(res.body, /The phone book key .*abc.* is unknown/, "the phone-book page says so");
});
