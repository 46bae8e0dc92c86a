// Configuration drift: what phones.yml and common.yml say against a phone's newest config report. The tests
// share a server (its report worker starts once) but each posts the reports it compares, so the newest
// report of a phone is always the test's own; a config change is undone with t.after.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { comparePhone } from "../../core/mpp/compare.ts";
import type { Comparison } from "../../core/mpp/drift.ts";
import { parseYaml } from "../../lib/yaml.ts";
import { reportXml } from "../fakes/phone.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { configure } from "./configure.ts";

const MAC = "001122334455";
const FILES = {
  "phones.yml": `phones:\n  desk:\n    mac: "00:11:22:33:44:55"\n    Station_Name: desk\n    Password_1_: secret1\n    Display_Name_1_: "Reception"\n`,
  "common.yml": `common:\n  Time_Format: 24hr\n  Primary_NTP_Server: "10.0.0.1"\n  Profile_Rule: "http://prov/$MA.xml"\n  Mute_Tone: "x"\n  Voice_Mail_Number: "0600"\n`,
  "comparison.yml": "comparison:\n  blacklist: [Ignored_Param]\n",
};

let server: TestServer;
before(async () => {
  server = await startTestServer(FILES);
});
after(() => server.close());

async function report(params: Record<string, string>, mac = MAC, type = "config"): Promise<number> {
  const withRule = type === "config" ? params : { ...params, Report_Rule: `--${type} http://x` };
  const res = await server.request(`/report/${mac}`, { method: "POST", body: reportXml(withRule) });
  assert.equal(res.status, 200);
  return JSON.parse(res.body).id;
}

const REPORTED = {
  Station_Name: "desk", // matches
  Display_Name_1_: "Front desk", // value_mismatch
  Time_Format: "12hr", // value_mismatch
  // Primary_NTP_Server missing
  Profile_Rule: "http://prov/001122334455.xml", // $MACRO: not comparable
  Voice_Mail_Number: "0600",
  Password_1_: "secret1-changed", // secret: never compared
  Mute_Tone: "y", // seed blacklist
  Ignored_Param: "1", // comparison.yml blacklist
  Handset_Volume: "10", // unexpected
  Ring_Tone: "Yes", // unexpected
  Admin_Password: "hunter2", // a secret is never unexpected either
};

/** The desk's comparison after it reported REPORTED, and the response body it came in. */
async function deskComparison(): Promise<{ c: Comparison; body: string }> {
  await report(REPORTED);
  const res = await server.get(`/api/admin/compare/${MAC}`);
  assert.equal(res.status, 200);
  return { c: JSON.parse(res.body), body: res.body };
}

const pairs = (c: Comparison) => c.differences.map((d) => [d.parameter, d.type]).sort();

test("a value that differs is a mismatch and an expected parameter the phone lacks is missing", async () => {
  const { c } = await deskComparison();
  assert.equal(c.phone_id, "desk");
  assert.deepEqual(pairs(c), [["Display_Name_1_", "value_mismatch"], ["Primary_NTP_Server", "missing"], ["Time_Format", "value_mismatch"]]);
  assert.deepEqual(c.differences.find((d) => d.parameter === "Time_Format"), { parameter: "Time_Format", expected: "24hr", reported: "12hr", type: "value_mismatch" });
});

test("a reported parameter the configuration does not set is unexpected, unless it is a secret", async () => {
  const { c } = await deskComparison();
  assert.deepEqual(c.unexpected_parameters, [{ parameter: "Handset_Volume", reported_value: "10" }, { parameter: "Ring_Tone", reported_value: "Yes" }]);
});

test("an expected value holding a $MACRO is listed apart, never as a difference", async () => {
  const { c } = await deskComparison();
  assert.deepEqual(c.not_comparable, [{ parameter: "Profile_Rule", expected: "http://prov/$MA.xml", reported: "http://prov/001122334455.xml" }]);
  assert.ok(!c.differences.some((d) => d.parameter === "Profile_Rule"));
});

test("secrets and blacklisted parameters are never compared, and no secret is shown", async () => {
  const { c, body } = await deskComparison();
  const named = new Set([...c.differences.map((d) => d.parameter), ...c.unexpected_parameters.map((u) => u.parameter)]);
  for (const name of ["Password_1_", "Admin_Password", "Mute_Tone", "Ignored_Param"]) assert.ok(!named.has(name), `${name} differs as reported but is not compared`);
  assert.doesNotMatch(body, /secret1|hunter2/, "no secret in the comparison");
});

test("the comparison is cached until the phone sends a new config report", async () => {
  await report(REPORTED);
  const config = server.app.store.config;
  const first = comparePhone(config, server.app.db, MAC);
  assert.ok(first, "a comparison of the report just posted");
  assert.equal(comparePhone(config, server.app.db, MAC), first, "same object from the cache");
  await report({ ...REPORTED, Time_Format: "24hr" }, MAC, "status");
  assert.equal(comparePhone(config, server.app.db, MAC), first, "a status report is not a config report");
  await report({ ...REPORTED, Time_Format: "24hr" });
  const second = comparePhone(config, server.app.db, MAC)!;
  assert.notEqual(second, first);
  assert.ok(!second.differences.some((d) => d.parameter === "Time_Format"), "the newest report counts");
});

test("a config reload recomputes the comparison", async (t) => {
  await report({ ...REPORTED, Time_Format: "24hr" });
  const matching = comparePhone(server.app.store.config, server.app.db, MAC)!;
  assert.ok(!matching.differences.some((d) => d.parameter === "Time_Format"), "the report matches common.yml");
  configure(t, server, "common.yml", FILES["common.yml"].replace("24hr", "12hr"));
  const recomputed = comparePhone(server.app.store.config, server.app.db, MAC)!;
  assert.ok(recomputed.differences.some((d) => d.parameter === "Time_Format"), "the changed common.yml is compared");
});

test("the unexpected parameters export as YAML to paste under common:", async () => {
  await report(REPORTED);
  const res = await server.get(`/export-unexpected/00:11:22:33:44:55`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /^application\/x-yaml/);
  assert.match(res.headers.get("content-disposition")!, /attachment; filename="unexpected_params_001122334455.yml"/);
  assert.match(res.body, /^# Parameters phone 00:11:22:33:44:55 \(desk\)/);
  assert.match(res.body, /received \d{4}-\d\d-\d\dT/);
  assert.deepEqual(parseYaml(res.body, "export.yml", true), { common: { Handset_Volume: "10", Ring_Tone: "Yes" } });
  assert.deepEqual(parseYaml(res.body, "export.yml"), { common: { Handset_Volume: "10", Ring_Tone: "Yes" } }, "values stay text for any YAML reader");
});

test("a phone that never sent a config report has no comparison and no export", async () => {
  await report(REPORTED);
  assert.equal((await server.get(`/api/admin/compare/${MAC}`)).status, 200, "the phone that reported has one");
  assert.equal((await server.get("/api/admin/compare/0011223344ff")).status, 404);
  assert.equal((await server.get("/export-unexpected/0011223344ff")).status, 404);
  await report(REPORTED, "0011223344ff", "status");
  assert.equal((await server.get("/api/admin/compare/0011223344ff")).status, 404, "a status report is not compared");
});

test("a MAC that is not a MAC is a 400", async () => {
  assert.equal((await server.get("/api/admin/compare/nope")).status, 400);
  assert.equal((await server.get("/export-unexpected/nope")).status, 400);
});

test("a phone not in phones.yml is compared against common.yml alone", async () => {
  await report({ Time_Format: "24hr", Primary_NTP_Server: "10.0.0.1", Voice_Mail_Number: "0600", Extra: "1" }, "0011223344ee");
  const c = JSON.parse((await server.get("/api/admin/compare/0011223344ee")).body);
  assert.equal(c.phone_id, null);
  assert.deepEqual(c.differences, []);
  assert.deepEqual(c.unexpected_parameters, [{ parameter: "Extra", reported_value: "1" }]);
});
