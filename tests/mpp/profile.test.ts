import assert from "node:assert/strict";
import { after, before, test, type TestContext } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { parseXml, profileParams } from "../helpers/xml.ts";
import { listSightings } from "../../db/sightings.ts";

const UA = (mac = "001122334455", version = "12.0.1") => ({ "User-Agent": `Cisco-CP-6841-3PCC/${version} (${mac})` });

const PHONES = `phones:
  phone-01:
    mac: "00:11:22:33:44:55"
    serial_number: "FCH2148ABCD"
    Station_Name: "phone-01"
    Display_Name_1_: "Reception"
    Time_Zone: "GMT+01:00"
  by-ip:
    ip_address: "127.0.0.1"
    Station_Name: "found-by-ip"
`;
const COMMON = `common:
  Time_Zone: 'GMT+02:00'
  Leading_Zero: 0600
  Yes_Text: Yes
  Boolean_Text: true
  Hostile: 'a&b<c>"d''e'
  Empty_On_Purpose: ''
  Read_Write: {value: "rw value", ua: rw}
  Read_Only: {value: "ro value", ua: ro}
`;
const SCHEMA = `schema:
  flat_profile_params:
    Time_Zone: ''
    Station_Name: ''
    Schema_Only_Param: 'should never be sent'
  xml_structure:
    device:
      flat-profile: 'DYNAMIC_PARAMS'
`;

const FILES = { "phones.yml": PHONES, "common.yml": COMMON, "schema.yml": SCHEMA, "switchboard.yml": 'public_url: "http://pbx.test:8080"\n' };

// Tests that only read share one server; a test that changes a config file, or counts what the server
// recorded, starts its own.
let server: TestServer;
before(async () => {
  server = await startTestServer(FILES);
});
after(() => server.close());

async function serve(t: TestContext, files: Record<string, string> = {}): Promise<TestServer> {
  const own = await startTestServer({ ...FILES, ...files });
  t.after(() => own.close());
  return own;
}
const WITHOUT_BY_IP = PHONES.replace(/  by-ip:[\s\S]*/, "");

test("a MAC in every common form finds the phone", async () => {
  for (const id of ["001122334455", "00:11:22:33:44:55", "00-11-22-33-44-55", "001122334455".toUpperCase(), "0011.2233.4455"]) {
    const res = await server.get(`/${encodeURIComponent(id)}.xml`);
    assert.equal(res.status, 200, id);
    assert.equal(profileParams(res.body).get("Station_Name")?.value, "phone-01", id);
  }
});

test("a phone ID with dashes matches", async () => {
  const res = await server.get("/phone-01.xml");
  assert.equal(res.status, 200);
  assert.equal(profileParams(res.body).get("Station_Name")?.value, "phone-01");
});

test("a serial number matches, in any case", async () => {
  for (const id of ["FCH2148ABCD", "fch2148abcd"]) assert.equal(profileParams((await server.get(`/${id}.xml`)).body).get("Station_Name")?.value, "phone-01");
});

test("the MAC in the User-Agent is the first fallback", async () => {
  const res = await server.get("/unknown-thing.xml", { headers: UA() });
  assert.equal(profileParams(res.body).get("Station_Name")?.value, "phone-01");
});

test("the client address is the last fallback", async () => {
  // Only for a request whose User-Agent names no MAC (tests/security/own-profile.test.ts has the other case).
  const res = await server.get("/unknown-thing.xml", { headers: { "User-Agent": "Cisco-CP-6841-3PCC/12.0.1" } });
  assert.equal(profileParams(res.body).get("Station_Name")?.value, "found-by-ip");
});

test("a profile is UTF-8 text/xml: <device><flat-profile> with one element per parameter", async () => {
  const res = await server.get("/phone-01.xml");
  assert.equal(res.headers.get("content-type"), "text/xml; charset=utf-8");
  assert.match(res.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<device>\n<flat-profile>\n/);
});

test("a phone's own value wins over common's", async () => {
  const p = profileParams((await server.get("/phone-01.xml")).body);
  assert.deepEqual(p.get("Time_Zone"), { value: "GMT+01:00", ua: "na" }, "the phone's own value wins");
});

test("values render exactly as written: leading zeros, Yes, true and empty are not retyped by YAML", async () => {
  const p = profileParams((await server.get("/phone-01.xml")).body);
  assert.equal(p.get("Leading_Zero")?.value, "0600");
  assert.equal(p.get("Yes_Text")?.value, "Yes");
  assert.equal(p.get("Boolean_Text")?.value, "true");
  assert.equal(p.get("Empty_On_Purpose")?.value, "");
});

test("markup in a value reaches the phone intact, all five entities escaped", async () => {
  const res = await server.get("/phone-01.xml");
  assert.equal(profileParams(res.body).get("Hostile")?.value, `a&b<c>"d'e`);
  assert.ok(res.body.includes("<Hostile ua=\"na\">a&amp;b&lt;c&gt;&quot;d&apos;e</Hostile>"), "all five entities escaped");
});

test("a ua of rw or ro in common.yml becomes the element's ua attribute", async () => {
  const p = profileParams((await server.get("/phone-01.xml")).body);
  assert.deepEqual(p.get("Read_Write"), { value: "rw value", ua: "rw" });
  assert.deepEqual(p.get("Read_Only"), { value: "ro value", ua: "ro" });
});

test("parameters come in common.yml's order, the phone's own additions after", async () => {
  const p = profileParams((await server.get("/phone-01.xml")).body);
  assert.equal(p.get("Display_Name_1_")?.value, "Reception");
  assert.deepEqual([...p.keys()].slice(0, 3), ["Time_Zone", "Leading_Zero", "Yes_Text"], "common's order, phone additions after");
  assert.deepEqual([...p.keys()].slice(-2), ["Station_Name", "Display_Name_1_"], "the phone's additions, in its order");
});

test("only parameters are sent: not schema-only ones, not Switchboard's own keys", async () => {
  const p = profileParams((await server.get("/phone-01.xml")).body);
  assert.ok(!p.has("Schema_Only_Param"), "schema-only parameters are not sent (an empty element blanks the phone's setting)");
  assert.ok(!p.has("mac") && !p.has("serial_number"), "Switchboard's own keys are not parameters");
});

test("an unknown identifier is 404 Phone not found, as CiscoIPPhoneText", async (t) => {
  const own = await serve(t, { "phones.yml": WITHOUT_BY_IP }); // else the client address finds a phone
  const res = await own.get("/ffffffffffff.xml", { headers: { "User-Agent": "curl/8" } });
  assert.equal(res.status, 404);
  const text = parseXml(res.body);
  assert.equal(text.name, "CiscoIPPhoneText");
  assert.equal(text.children.find((c) => c.name === "Text")?.text, "Phone not found");
});

test("a factory-reset phone asking for its model profile gets a bootstrap without secrets", async (t) => {
  const own = await serve(t, { "phones.yml": WITHOUT_BY_IP, "common.yml": `${COMMON}  Admin_Password: bootstrap-secret\n` });
  for (const id of ["CP-8841-3PCC", "8841-3PCC", "CP-6871", "6841"]) {
    const res = await own.get(`/${id}.xml`, { headers: { "User-Agent": "Cisco-CP-8841-3PCC/12.0.1 (d4adbeef0001)" } });
    assert.equal(res.status, 200, id);
    const p = profileParams(res.body);
    assert.deepEqual([...p.keys()], ["Profile_Rule"], id);
    assert.equal(p.get("Profile_Rule")?.value, "http://pbx.test:8080/$MA.xml");
    assert.doesNotMatch(res.body, /bootstrap-secret/, id);
  }
});

test("a custom xml_structure is honoured", async (t) => {
  const own = await serve(t, { "schema.yml": "schema:\n  flat_profile_params: {}\n  xml_structure:\n    flat-profile: 'DYNAMIC_PARAMS'\n" });
  const root = parseXml((await own.get("/phone-01.xml")).body);
  assert.equal(root.name, "flat-profile");
  assert.equal(root.children.find((c) => c.name === "Station_Name")?.text, "phone-01");
});

test("the render cache is dropped when a config file changes", async (t) => {
  const own = await serve(t);
  const first = profileParams((await own.get("/phone-01.xml")).body);
  assert.equal(first.get("Yes_Text")?.value, "Yes");
  own.writeConfig("common.yml", COMMON.replace("Yes_Text: Yes", "Yes_Text: No"));
  const second = profileParams((await own.get("/phone-01.xml")).body);
  assert.equal(second.get("Yes_Text")?.value, "No", "no stale profile after the reload");
});

test("HEAD of a profile has the length and no body", async () => {
  const get = await server.get("/phone-01.xml");
  const head = await server.request("/phone-01.xml", { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get("content-length"), String(Buffer.byteLength(get.body)));
  assert.equal(head.body, "");
});

test("a phone's profile request is recorded in SQLite as a sighting", async (t) => {
  const own = await serve(t);
  await own.get("/phone-01.xml", { headers: UA("001122334455", "12.0.1") });
  own.app.sightings.flush();
  const s = listSightings(own.app.db).find((r) => r.mac === "001122334455");
  assert.ok(s);
  assert.equal(s.ip_address, "127.0.0.1");
  assert.equal(s.model, "CP-6841-3PCC");
  assert.equal(s.firmware, "12.0.1");
  assert.match(s.user_agent ?? "", /Cisco-CP-6841-3PCC/);
  assert.equal(s.config_requests, 1, "this test's one request");
  assert.ok(Date.parse(s.last_config_at ?? "") > Date.now() - 60_000);
});
