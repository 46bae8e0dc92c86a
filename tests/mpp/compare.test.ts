import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { comparePhone } from "../../core/mpp/compare.ts";
import { parseYaml } from "../../lib/yaml.ts";
import { reportXml } from "../fakes/phone.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

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

test("a comparison lists mismatches, missing and unexpected parameters, macros apart, secrets and blacklist never", async () => {
  await report(REPORTED);
  const res = await server.get(`/api/admin/compare/${MAC}`);
  assert.equal(res.status, 200);
  const c = JSON.parse(res.body);
  assert.equal(c.phone_id, "desk");
  assert.deepEqual(c.differences.map((d: { parameter: string; type: string }) => [d.parameter, d.type]).sort(), [
    ["Display_Name_1_", "value_mismatch"], ["Primary_NTP_Server", "missing"], ["Time_Format", "value_mismatch"],
  ]);
  assert.deepEqual(c.differences.find((d: { parameter: string }) => d.parameter === "Time_Format"), { parameter: "Time_Format", expected: "24hr", reported: "12hr", type: "value_mismatch" });
  assert.deepEqual(c.unexpected_parameters, [{ parameter: "Handset_Volume", reported_value: "10" }, { parameter: "Ring_Tone", reported_value: "Yes" }]);
  assert.deepEqual(c.not_comparable, [{ parameter: "Profile_Rule", expected: "http://prov/$MA.xml", reported: "http://prov/001122334455.xml" }]);
  assert.doesNotMatch(res.body, /secret1|hunter2/, "no secret in the comparison");
});

test("the comparison is cached until a new report or a config change", async () => {
  const config = server.app.store.config;
  const first = comparePhone(config, server.app.db, MAC);
  assert.equal(comparePhone(config, server.app.db, MAC), first, "same object from the cache");
  await report({ ...REPORTED, Time_Format: "24hr" }, MAC, "status");
  assert.equal(comparePhone(config, server.app.db, MAC), first, "a status report is not a config report");
  await report({ ...REPORTED, Time_Format: "24hr" });
  const second = comparePhone(config, server.app.db, MAC)!;
  assert.notEqual(second, first);
  assert.ok(!second.differences.some((d) => d.parameter === "Time_Format"), "the newest report counts");
  server.writeConfig("common.yml", FILES["common.yml"].replace("24hr", "12hr"));
  const third = comparePhone(server.app.store.config, server.app.db, MAC)!;
  assert.ok(third.differences.some((d) => d.parameter === "Time_Format"), "a config reload recomputes");
  server.writeConfig("common.yml", FILES["common.yml"]);
});

test("the unexpected parameters export as YAML to paste under common:", async () => {
  const res = await server.get(`/export-unexpected/00:11:22:33:44:55`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /^application\/x-yaml/);
  assert.match(res.headers.get("content-disposition")!, /attachment; filename="unexpected_params_001122334455.yml"/);
  assert.match(res.body, /^# Parameters phone 00:11:22:33:44:55 \(desk\)/);
  assert.match(res.body, /received \d{4}-\d\d-\d\dT/);
  assert.deepEqual(parseYaml(res.body, "export.yml", true), { common: { Handset_Volume: "10", Ring_Tone: "Yes" } });
  assert.deepEqual(parseYaml(res.body, "export.yml"), { common: { Handset_Volume: "10", Ring_Tone: "Yes" } }, "values stay text for any YAML reader");
});

test("a phone that never reported has no comparison; a bad MAC is a 400", async () => {
  assert.equal((await server.get("/api/admin/compare/0011223344ff")).status, 404);
  assert.equal((await server.get("/export-unexpected/0011223344ff")).status, 404);
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
