import assert from "node:assert/strict";
import { after, before, test } from "node:test";
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

let server: TestServer;
before(async () => {
  server = await startTestServer({ "phones.yml": PHONES, "common.yml": COMMON, "schema.yml": SCHEMA, "switchboard.yml": 'public_url: "http://pbx.test:8080"\n' });
});
after(() => server.close());

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
  const res = await server.get("/unknown-thing.xml", { headers: UA("aabbccddeeff") });
  assert.equal(profileParams(res.body).get("Station_Name")?.value, "found-by-ip");
});

test("values render exactly as written, phone over common, with ua attributes", async () => {
  const res = await server.get("/phone-01.xml");
  assert.equal(res.headers.get("content-type"), "text/xml; charset=utf-8");
  assert.match(res.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<device>\n<flat-profile>\n/);
  const p = profileParams(res.body);
  assert.deepEqual(p.get("Time_Zone"), { value: "GMT+01:00", ua: "na" }, "the phone's own value wins");
  assert.equal(p.get("Leading_Zero")?.value, "0600");
  assert.equal(p.get("Yes_Text")?.value, "Yes");
  assert.equal(p.get("Boolean_Text")?.value, "true");
  assert.equal(p.get("Hostile")?.value, `a&b<c>"d'e`);
  assert.equal(p.get("Empty_On_Purpose")?.value, "");
  assert.deepEqual(p.get("Read_Write"), { value: "rw value", ua: "rw" });
  assert.deepEqual(p.get("Read_Only"), { value: "ro value", ua: "ro" });
  assert.equal(p.get("Display_Name_1_")?.value, "Reception");
  assert.ok(!p.has("Schema_Only_Param"), "schema-only parameters are not sent (an empty element blanks the phone's setting)");
  assert.ok(!p.has("mac") && !p.has("serial_number"), "Switchboard's own keys are not parameters");
  assert.deepEqual([...p.keys()].slice(0, 3), ["Time_Zone", "Leading_Zero", "Yes_Text"], "common's order, phone additions after");
  assert.ok(res.body.includes("<Hostile ua=\"na\">a&amp;b&lt;c&gt;&quot;d&apos;e</Hostile>"), "all five entities escaped");
});

test("an unknown identifier is 404 Phone not found, as CiscoIPPhoneText", async () => {
  server.writeConfig("phones.yml", PHONES.replace(/  by-ip:[\s\S]*/, ""));
  try {
    const res = await server.get("/ffffffffffff.xml", { headers: { "User-Agent": "curl/8" } });
    assert.equal(res.status, 404);
    const text = parseXml(res.body);
    assert.equal(text.name, "CiscoIPPhoneText");
    assert.equal(text.children.find((c) => c.name === "Text")?.text, "Phone not found");
  } finally {
    server.writeConfig("phones.yml", PHONES);
  }
});

test("a factory-reset phone asking for its model profile gets a bootstrap without secrets", async () => {
  server.writeConfig("phones.yml", PHONES.replace(/  by-ip:[\s\S]*/, ""));
  try {
    for (const id of ["CP-8841-3PCC", "8841-3PCC", "CP-6871", "6841"]) {
      const res = await server.get(`/${id}.xml`, { headers: { "User-Agent": "Cisco-CP-8841-3PCC/12.0.1 (d4adbeef0001)" } });
      assert.equal(res.status, 200, id);
      const p = profileParams(res.body);
      assert.deepEqual([...p.keys()], ["Profile_Rule"], id);
      assert.equal(p.get("Profile_Rule")?.value, "http://pbx.test:8080/$MA.xml");
    }
  } finally {
    server.writeConfig("phones.yml", PHONES);
  }
});

test("a custom xml_structure is honoured", async () => {
  server.writeConfig("schema.yml", "schema:\n  flat_profile_params: {}\n  xml_structure:\n    flat-profile: 'DYNAMIC_PARAMS'\n");
  try {
    const res = await server.get("/phone-01.xml");
    const root = parseXml(res.body);
    assert.equal(root.name, "flat-profile");
    assert.equal(root.children.find((c) => c.name === "Station_Name")?.text, "phone-01");
  } finally {
    server.writeConfig("schema.yml", SCHEMA);
  }
});

test("the render cache is dropped when a config file changes", async () => {
  const first = profileParams((await server.get("/phone-01.xml")).body);
  assert.equal(first.get("Yes_Text")?.value, "Yes");
  server.writeConfig("common.yml", COMMON.replace("Yes_Text: Yes", "Yes_Text: No"));
  try {
    const second = profileParams((await server.get("/phone-01.xml")).body);
    assert.equal(second.get("Yes_Text")?.value, "No", "no stale profile after the reload");
  } finally {
    server.writeConfig("common.yml", COMMON);
  }
});

test("HEAD of a profile has the length and no body", async () => {
  const get = await server.get("/phone-01.xml");
  const head = await server.request("/phone-01.xml", { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get("content-length"), String(Buffer.byteLength(get.body)));
  assert.equal(head.body, "");
});

test("each phone's sighting is recorded in SQLite", async () => {
  await server.get("/phone-01.xml", { headers: UA("001122334455", "12.0.1") });
  server.app.sightings.flush();
  const s = listSightings(server.app.db).find((r) => r.mac === "001122334455");
  assert.ok(s);
  assert.equal(s.ip_address, "127.0.0.1");
  assert.equal(s.model, "CP-6841-3PCC");
  assert.equal(s.firmware, "12.0.1");
  assert.match(s.user_agent ?? "", /Cisco-CP-6841-3PCC/);
  assert.ok(s.config_requests >= 1);
  assert.ok(Date.parse(s.last_config_at ?? "") > Date.now() - 60_000);
});
