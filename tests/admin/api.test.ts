import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { listReports } from "../../db/reports.ts";
import { FakePhone } from "../fakes/phone.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
const desk = new FakePhone({ mac: "001122334455", model: "CP-6841-3PCC", firmware: "12.0.1" });
before(async () => {
  server = await startTestServer({
    "phones.yml": `phones:\n  desk:\n    mac: "00:11:22:33:44:55"\n    label: Front desk\n    Station_Name: desk\n    Display_Name_1_: Desk\n    Password_1_: sip-secret\n  spare:\n    mac: "00:11:22:33:44:99"\n`,
    "common.yml": "common:\n  Time_Format: 24hr\n",
    "schema.yml": "schema:\n  flat_profile_params:\n    Time_Format: ''\n    Station_Name: ''\n",
  });
  await desk.fetchProfile(server.url);
  desk.config.Time_Format = "12hr";
  await desk.postReport(server.url);
  await desk.postReport(server.url, { params: { ...desk.config, Report_Rule: "--status http://x" } });
  await new FakePhone({ mac: "0011223344ab" }).postReport(server.url, { params: { A: "1" } });
});
after(() => server.close());

test("the dashboard JSON joins phones.yml with sightings and drift, and lists config warnings", async () => {
  const d = JSON.parse((await server.get("/api/admin/dashboard")).body);
  assert.equal(d.status, "active");
  const [row, spare] = d.phones;
  assert.equal(row.id, "desk");
  assert.equal(row.label, "Front desk");
  assert.equal(row.model, "CP-6841-3PCC");
  assert.equal(row.firmware, "12.0.1");
  assert.ok(row.last_config_at && row.last_report_at);
  assert.equal(row.differences, 1);
  assert.equal(spare.differences, null, "no report yet");
  assert.ok(d.config.warnings.some((w: string) => /Display_Name_1_ is not in schema.yml/.test(w)));
  assert.deepEqual(d.unconfigured.map((s: { mac: string }) => s.mac), ["0011223344ab"], "a phone that reported but is not configured");
});

test("reports are listed newest first and filtered by phone", async () => {
  const all = JSON.parse((await server.get("/api/admin/reports")).body).reports;
  assert.deepEqual(all.map((r: { mac: string; report_type: string }) => `${r.mac} ${r.report_type}`), ["0011223344ab config", "001122334455 status", "001122334455 config"]);
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
  server.writeConfig("serviceconfig.yml", "ip_whitelist: [127.0.0.1]\nauth: {enabled: false}\nreports: {retention: 1}\n");
  const res = await server.request(url, { method: "POST", body: "{}", headers: { ...json, Origin: server.url } });
  assert.equal(res.status, 200);
  assert.deepEqual(JSON.parse(res.body), { deleted: 1, kept_per_phone: 1 }, "the desk's older report");
});

test("the admin pages are HTML shells; / with ?key= is not the dashboard", async () => {
  for (const path of ["/", "/reports", "/report-detail/1", "/compare/001122334455"]) {
    const res = await server.get(path);
    assert.equal(res.status, 200, path);
    assert.match(res.body, /<script src="\/admin\/admin\.js"/, path);
  }
  assert.equal((await server.get("/?key=abc")).status, 404);
});
