// "Secrets stay secret" (issue 12, DESIGN §6): the explicit secret list — passwords, Wi-Fi passphrases, GPP_*
// keys, a rule's --key, a URL's password, and comparison.yml's additions — is masked in report detail (parsed
// and raw XML), comparison, export and logs. Each test posts its own report; the server is shared.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { parseYaml } from "../../lib/yaml.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { findElement, parseXml } from "../helpers/xml.ts";
import { configure } from "../mpp/configure.ts";
import { captureLog } from "../helpers/log.ts";

const MAC = "001122334455";
const FILES = {
  "phones.yml": `phones:\n  desk:\n    mac: "00:11:22:33:44:55"\n    Station_Name: desk\n`,
  "common.yml": [
    "common:",
    '  Profile_Rule: "[--key ExpectedKey1] http://prov.example/$MA.xml"',
    '  Upgrade_Rule: "[--key \\"Quoted Key2\\"] http://fw.example/sip.loads"',
    '  Report_Rule: "http://reporter:ExpectedPw3@prov.example/report"',
    "  GPP_A: ExpectedGpp4",
    "",
  ].join("\n"),
};

let server: TestServer;
before(async () => {
  server = await startTestServer(FILES);
});
after(() => server.close());

/** Every secret value below contains "Sekrit", so one search finds any that leaks. */
const SECRET = /Sekrit/;

async function postReport(xml: string): Promise<number> {
  const res = await server.request(`/report/${MAC}`, { method: "POST", body: xml, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  assert.equal(res.status, 200, res.body);
  return (JSON.parse(res.body) as { id: number }).id;
}

async function reportDetail(id: number): Promise<{ params: Record<string, string>; raw_xml: string; body: string }> {
  const res = await server.get(`/api/admin/reports/${id}`);
  assert.equal(res.status, 200);
  return { ...(JSON.parse(res.body) as { params: Record<string, string>; raw_xml: string }), body: res.body };
}

test("raw report XML is masked from the parsed document: CDATA, comments inside a password, '</Password_2_ >'", async () => {
  const xml = [
    "<flat-profile>",
    '<User_Password ua="na"><![CDATA[Sekrit-cdata]]></User_Password>',
    "<Password_2_ >Sekrit-spaced</Password_2_ >",
    "<Admin_Password>Sek<!-- a comment -->rit-split</Admin_Password>",
    "<Password_3_><!-- Sekrit-in-a-comment --></Password_3_>",
    "<sp:Password_4_ xmlns:sp='urn:x'>Sekrit-prefixed</sp:Password_4_>",
    "<Password_5_ ua=\"na\"/>",
    "<Station_Name>desk &amp; co</Station_Name>",
    "</flat-profile>",
  ].join("\n");
  const r = await reportDetail(await postReport(xml));
  assert.doesNotMatch(r.body, SECRET);
  assert.equal(r.params.User_Password, "********");
  assert.equal(r.params.Password_2_, "********");
  assert.equal(r.params.Admin_Password, "********");
  // What is left is the phone's document with the secrets' contents replaced, still well-formed XML.
  const doc = parseXml(r.raw_xml);
  const text = (local: string) => findElement(doc, local)?.text;
  assert.equal(text("User_Password"), "********");
  assert.equal(text("Password_2_"), "********");
  assert.equal(text("Admin_Password"), "********");
  assert.equal(text("Password_3_"), "********");
  assert.equal(text("Password_4_"), "********");
  assert.equal(text("Password_5_"), "", "an empty secret stays empty");
  assert.equal(text("Station_Name"), "desk & co");
  assert.match(r.raw_xml, /<User_Password ua="na">\*{8}<\/User_Password>\n<Password_2_ >\*{8}<\/Password_2_ >/, "everything else as sent");
});

test("Wi-Fi passphrases, WEP keys and GPP_A…GPP_P are secrets, in parsed and raw XML", async () => {
  const names = ["PSK_Passphrase_1_", "WEP_Key_1_", "Wi-Fi_Password_1_", "GPP_A", "GPP_P", "GPP_SA", "Some_Shared_Secret"];
  const xml = `<flat-profile>${names.map((n) => `<${n}>Sekrit-${n}</${n}>`).join("")}<PSK_1>Programmable softkey, not a secret</PSK_1></flat-profile>`;
  const r = await reportDetail(await postReport(xml));
  assert.doesNotMatch(r.body, SECRET);
  for (const n of names) assert.equal(r.params[n], "********", n);
  assert.equal(r.params.PSK_1, "Programmable softkey, not a secret");
});

test("a rule's --key and a URL's password are masked inside the value; the rest stays readable", async () => {
  const xml = [
    "<flat-profile>",
    "<Profile_Rule>[--key Sekrit-key1 ] http://prov.example/$MA.xml</Profile_Rule>",
    '<Upgrade_Rule>[--key "Sekrit key2"]http://fw.example/sip.loads</Upgrade_Rule>',
    "<Profile_Rule_B><![CDATA[--key\tSekrit-key3 https://u:Sekrit-pw4@prov.example/b.xml]]></Profile_Rule_B>",
    "<XML_Directory_Service_URL>http://dir:Sekrit-pw5@pbx.example/cisco/directory?key=abc&amp;x=1</XML_Directory_Service_URL>",
    "<Station_Display_Name>ftp://not-a-password@host</Station_Display_Name>",
    "</flat-profile>",
  ].join("\n");
  const r = await reportDetail(await postReport(xml));
  assert.doesNotMatch(r.body, SECRET);
  assert.equal(r.params.Profile_Rule, "[--key ******** ] http://prov.example/$MA.xml");
  assert.equal(r.params.Upgrade_Rule, "[--key ********]http://fw.example/sip.loads");
  assert.equal(r.params.Profile_Rule_B, "--key\t******** https://u:********@prov.example/b.xml");
  assert.equal(r.params.XML_Directory_Service_URL, "http://dir:********@pbx.example/cisco/directory?key=abc&x=1");
  assert.equal(r.params.Station_Display_Name, "ftp://not-a-password@host", "a user name alone is not a password");
  const doc = parseXml(r.raw_xml);
  assert.equal(findElement(doc, "Profile_Rule_B")?.text, "--key\t******** https://u:********@prov.example/b.xml");
  assert.equal(findElement(doc, "XML_Directory_Service_URL")?.text, "http://dir:********@pbx.example/cisco/directory?key=abc&x=1");
});

test("comparison and export show no secret: secret parameters are never listed, secrets inside values masked", async () => {
  await postReport([
    "<flat-profile>",
    "<Profile_Rule>[--key Sekrit-other] http://prov.example/$MA.xml</Profile_Rule>",
    "<Upgrade_Rule>[--key Sekrit-changed] http://fw.example/sip.loads</Upgrade_Rule>",
    "<Report_Rule>http://reporter:Sekrit-pw@prov.example/report</Report_Rule>",
    "<GPP_A>Sekrit-gpp</GPP_A>",
    "<PSK_Passphrase_1_>Sekrit-wifi</PSK_Passphrase_1_>",
    "<Proxy_1_>sip://line:Sekrit-line@pbx.example</Proxy_1_>",
    "</flat-profile>",
  ].join("\n"));
  const compare = await server.get(`/api/admin/compare/${MAC}`);
  assert.equal(compare.status, 200);
  assert.doesNotMatch(compare.body, SECRET);
  assert.doesNotMatch(compare.body, /Expected(Key1|Pw3|Gpp4)|Quoted Key2/, "nor the expected secrets from common.yml");
  const c = JSON.parse(compare.body) as { differences: { parameter: string; expected: string; reported: string | null }[]; not_comparable: { parameter: string }[]; unexpected_parameters: { parameter: string; reported_value: string }[] };
  const upgrade = c.differences.find((d) => d.parameter === "Upgrade_Rule");
  assert.deepEqual(upgrade, { parameter: "Upgrade_Rule", expected: '[--key ********] http://fw.example/sip.loads', reported: "[--key ********] http://fw.example/sip.loads", type: "value_mismatch" }, "a changed key is still drift, shown masked");
  assert.deepEqual(c.unexpected_parameters, [{ parameter: "Proxy_1_", reported_value: "sip://line:********@pbx.example" }]);
  const listed = [...c.differences, ...c.not_comparable, ...c.unexpected_parameters].map((d) => d.parameter);
  assert.ok(!listed.includes("GPP_A") && !listed.includes("PSK_Passphrase_1_"), "secret parameters are not compared");

  const exported = await server.get(`/export-unexpected/${MAC}`);
  assert.equal(exported.status, 200);
  assert.doesNotMatch(exported.body, SECRET);
  assert.deepEqual((parseYaml(exported.body, "export.yml") as { common: Record<string, string> }).common, { Proxy_1_: "sip://line:********@pbx.example" });
});

test("comparison.yml secret_parameters adds names and patterns to the list, for every view", async (t) => {
  configure(t, server, "comparison.yml", "comparison:\n  secret_parameters:\n    - Station_Name\n    - 'My_*_Token'\n");
  const id = await postReport("<flat-profile><Station_Name>Sekrit-station</Station_Name><My_Api_Token>Sekrit-token</My_Api_Token><Other>1</Other></flat-profile>");
  const r = await reportDetail(id);
  assert.doesNotMatch(r.body, SECRET);
  assert.deepEqual([r.params.Station_Name, r.params.My_Api_Token, r.params.Other], ["********", "********", "1"]);
  const compare = await server.get(`/api/admin/compare/${MAC}`);
  assert.doesNotMatch(compare.body, SECRET);
  assert.doesNotMatch(compare.body, /Station_Name|My_Api_Token/, "an added secret is neither compared nor listed");
});

test("a secret_parameters entry that is not a name or pattern is a config error naming file and line", async (t) => {
  configure(t, server, "comparison.yml", "comparison:\n  blacklist: []\n  secret_parameters:\n    - '(a+)+$'\n");
  const problem = server.app.store.errors.find((p) => p.file === "comparison.yml");
  assert.ok(problem, "the file is refused");
  assert.equal(problem.line, 3);
  assert.match(problem.message, /secret_parameters: "\(a\+\)\+\$" is not a parameter name or pattern/);
  configure(t, server, "comparison.yml", "comparison:\n  secret_parameters: Station_Name\n");
  assert.match(server.app.store.errors.find((p) => p.file === "comparison.yml")!.message, /must be a list/);
});

test("log lines mask the password of any URL in them", async (t) => {
  const lines = captureLog(t, "info");
  // An unknown phone is logged with its User-Agent, a value the requester chose.
  await server.get("/no-such-phone.xml", { headers: { "User-Agent": "Cisco-CP-8841-3PCC/12.0.1 see http://admin:Sekrit-log@pbx.example/" } });
  const logged = lines.join("");
  assert.match(logged, /unknown phone asked for \/no-such-phone\.xml/);
  assert.match(logged, /http:\/\/admin:\*{8}@pbx\.example\//);
  assert.doesNotMatch(logged, SECRET);
});
