import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { firmwareUpgrade, versionMatches } from "../../core/mpp/firmware.ts";
import { parseUserAgent } from "../../core/mpp/identify.ts";
import { parseFirmware } from "../../core/config/mpp-files.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { profileParams } from "../helpers/xml.ts";

const FIRMWARE = `firmware:
  update_enabled: true
  expected_version: "12.0.1"
  upgrade_url: "tftp://tftp.local/sip68xx.12-0-1MPP0001-245.loads"
  retry_delay: 3600
  log_messages:
    upgrade_request: "$PN $MAC -- Requesting <upgrade> & more"
    upgrade_success: "$PN $MAC -- ok"
    upgrade_failure: "$PN $MAC -- failed: $ERR"
  model_specific:
    enabled: true
    versions:
      "CP-8841-3PCC": "12.0.2"
    urls:
      "CP-8841-3PCC": "http://fw.local/sip8841.12-0-2.loads"
`;
const PHONES = `phones:\n  phone-01:\n    mac: "001122334455"\n    Station_Name: "phone-01"\n    Password_1_: "sip-secret"\n`;

let server: TestServer;
before(async () => {
  server = await startTestServer({ "phones.yml": PHONES, "firmware.yml": FIRMWARE });
});
after(() => server.close());

test("the User-Agent gives model, version and MAC", () => {
  assert.deepEqual(parseUserAgent("Cisco-CP-6841-3PCC/12.0.1 (001122334455)"), { model: "CP-6841-3PCC", firmware: "12.0.1", mac: "001122334455" });
  assert.deepEqual(parseUserAgent("Cisco-CP-8851-3PCC/11.3.7MPP0001-609 (00:AA:BB:CC:DD:EE)"), { model: "CP-8851-3PCC", firmware: "11.3.7MPP0001-609", mac: "00aabbccddee" });
  assert.deepEqual(parseUserAgent("curl/8.0"), {});
});

test("a build suffix matches; another version does not", () => {
  assert.ok(versionMatches("12.0.1", "12.0.1"));
  assert.ok(versionMatches("12.0.1MPP0001-245", "12.0.1"));
  assert.ok(!versionMatches("12.0.10", "12.0.1"));
  assert.ok(!versionMatches("11.3.7", "12.0.1"));
});

const UPDATES_ON = {
  ...parseFirmware(undefined, "").value,
  update_enabled: true,
  expected_version: "12.0.1",
  upgrade_url: "tftp://x/g.loads",
  model_specific: { enabled: true, versions: { "CP-8841-3PCC": "12.0.2" }, urls: { "CP-8841-3PCC": "tftp://x/8841.loads" } },
};

test("with updates disabled (the default) no phone is upgraded", () => {
  const fw = parseFirmware(undefined, "").value;
  assert.equal(firmwareUpgrade(fw, parseUserAgent("Cisco-CP-6841-3PCC/11.0.0 (001122334455)")), undefined, "updates disabled");
});

test("a phone on another version than expected_version gets the global version and URL", () => {
  assert.equal(firmwareUpgrade(UPDATES_ON, parseUserAgent("Cisco-CP-6841-3PCC/12.0.1 (001122334455)")), undefined, "a phone on expected_version is left alone");
  assert.deepEqual(firmwareUpgrade(UPDATES_ON, parseUserAgent("Cisco-CP-6841-3PCC/11.0.0 (001122334455)")), { model: "CP-6841-3PCC", current: "11.0.0", expected: "12.0.1", url: "tftp://x/g.loads" });
});

test("model_specific versions and URLs win over the global ones, unless model_specific is disabled", () => {
  assert.equal(firmwareUpgrade(UPDATES_ON, parseUserAgent("Cisco-CP-8841-3PCC/12.0.2 (001122334455)")), undefined);
  assert.equal(firmwareUpgrade(UPDATES_ON, parseUserAgent("Cisco-CP-8841-3PCC/12.0.1 (001122334455)"))?.url, "tftp://x/8841.loads");
  const modelOff = { ...UPDATES_ON, model_specific: { ...UPDATES_ON.model_specific, enabled: false } };
  assert.equal(firmwareUpgrade(modelOff, parseUserAgent("Cisco-CP-8841-3PCC/12.0.1 (001122334455)")), undefined, "model rules ignored when disabled");
});

test("an outdated phone gets exactly the upgrade parameters and no secrets", async () => {
  const res = await server.get("/001122334455.xml", { headers: { "User-Agent": "Cisco-CP-6841-3PCC/11.0.0 (001122334455)" } });
  assert.equal(res.status, 200);
  const p = profileParams(res.body);
  assert.deepEqual([...p.entries()].map(([k, v]) => [k, v.value]), [
    ["Upgrade_Enable", "Yes"],
    ["Upgrade_Error_Retry_Delay", "3600"],
    ["Upgrade_Rule", "tftp://tftp.local/sip68xx.12-0-1MPP0001-245.loads"],
    ["Log_Upgrade_Request_Msg", "$PN $MAC -- Requesting <upgrade> & more"],
    ["Log_Upgrade_Success_Msg", "$PN $MAC -- ok"],
    ["Log_Upgrade_Failure_Msg", "$PN $MAC -- failed: $ERR"],
  ]);
  assert.ok(!res.body.includes("sip-secret"));
  assert.ok(res.body.includes("Requesting &lt;upgrade&gt; &amp; more"));
});

test("a model-specific version and URL apply to that model", async () => {
  const res = await server.get("/001122334455.xml", { headers: { "User-Agent": "Cisco-CP-8841-3PCC/12.0.1 (001122334455)" } });
  assert.equal(profileParams(res.body).get("Upgrade_Rule")?.value, "http://fw.local/sip8841.12-0-2.loads");
  const current = await server.get("/001122334455.xml", { headers: { "User-Agent": "Cisco-CP-8841-3PCC/12.0.2 (001122334455)" } });
  assert.equal(profileParams(current.body).get("Station_Name")?.value, "phone-01", "an up-to-date phone gets its profile");
});
