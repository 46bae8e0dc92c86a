import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { getReport, listReports } from "../../db/reports.ts";
import { getSighting } from "../../db/sightings.ts";
import { FakePhone, reportXml } from "../fakes/phone.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { configure } from "./configure.ts";

const PHONES = `phones:\n  desk:\n    mac: "00:11:22:33:44:55"\n    Station_Name: desk\n`;

// The tests share a server (its report worker starts once): each looks only at the reports it posted, or at a
// phone no other test reports for, and undoes a change of serviceconfig.yml with t.after.
let server: TestServer;
before(async () => {
  server = await startTestServer({ "phones.yml": PHONES });
});
after(() => server.close());

const post = (path: string, body: string, headers: Record<string, string> = {}, method = "POST") =>
  server.request(path, { method, body, headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers } });
const count = () => listReports(server.app.db, { limit: 5000 }).length;

test("a phone posts its report to /report/$MA and gets the seed's answer", async () => {
  const phone = new FakePhone({ mac: "001122334455" });
  phone.config = { Station_Name: "desk" };
  const res = await phone.postReport(server.url);
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, { status: "success", message: "Report received", id: res.json.id, mac: "001122334455" });
});

test("a report is stored with its type, address, User-Agent, parameters as sent and raw XML", async () => {
  const phone = new FakePhone({ mac: "001122334455" });
  phone.config = { Station_Name: "desk", Display_Name_1_: "Reception & Co <1>", Empty_Param: "" };
  const res = await phone.postReport(server.url);
  const stored = getReport(server.app.db, Number(res.json.id))!;
  assert.equal(stored.report_type, "config");
  assert.equal(stored.client_ip, "127.0.0.1");
  assert.equal(stored.user_agent, phone.userAgent);
  assert.deepEqual(stored.params, { Station_Name: "desk", Display_Name_1_: "Reception & Co <1>", Empty_Param: "" });
  assert.match(stored.raw_xml, /<flat-profile>/);
});

test("a report is a sighting of the phone", async () => {
  const phone = new FakePhone({ mac: "0011223344c1" }); // reports only here
  assert.equal(getSighting(server.app.db, phone.mac), undefined, "not seen before");
  assert.equal((await phone.postReport(server.url, { params: { A: "1" } })).status, 200);
  assert.ok(getSighting(server.app.db, phone.mac)?.last_report_at, "the report is a sighting");
});

test("the flat-profile is found under any wrapper, with or without a namespace", async () => {
  const bodies = [
    reportXml({ A: " one " }),
    reportXml({ A: "one" }, ["device"]),
    reportXml({ A: "one" }, ["env"]),
    reportXml({ A: "one" }, ["env", "device"], { xmlns: "http://www.sipura.net/xsd/SPA50x-30x-SIP" }),
    `<?xml version="1.0"?><x:device xmlns:x="urn:x"><x:flat-profile><x:A ua="na">one</x:A></x:flat-profile></x:device>`,
  ];
  for (const body of bodies) {
    const res = await post("/report/001122334455", body, { "Content-Type": "text/xml" });
    assert.equal(res.status, 200, body);
    assert.deepEqual(getReport(server.app.db, JSON.parse(res.body).id)!.params, { A: "one" }, body);
  }
});

test("any content type works, including url-encoded XML and PUT", async () => {
  const xml = reportXml({ B: "two" });
  for (const [body, type] of [[xml, "application/octet-stream"], [xml, ""], [`xml=${encodeURIComponent(xml)}`, "application/x-www-form-urlencoded"]]) {
    const res = await post("/report/001122334455", body, { "Content-Type": type });
    assert.equal(res.status, 200, type);
    assert.deepEqual(getReport(server.app.db, JSON.parse(res.body).id)!.params, { B: "two" });
  }
  const put = await post("/report/001122334455", xml, {}, "PUT");
  assert.equal(put.status, 200);
});

test("the MAC comes from the URL, else the User-Agent, else a mac element", async () => {
  const ua = await post("/report", reportXml({ C: "3" }), { "User-Agent": "Cisco-CP-6841-3PCC/12.0.1 (AABBCCDDEEFF)" });
  assert.equal(JSON.parse(ua.body).mac, "aabbccddeeff");
  for (const name of ["mac", "MAC", "macAddress", "Mac_Address"]) {
    const res = await post("/report", reportXml({ [name]: "00-11-22-33-44-66", C: "3" }));
    assert.equal(JSON.parse(res.body).mac, "001122334466", name);
  }
  const url = await post("/report/00:11:22:33:44:77", reportXml({ C: "3" }), { "User-Agent": "Cisco-CP-6841-3PCC/12.0.1 (AABBCCDDEEFF)" });
  assert.equal(JSON.parse(url.body).mac, "001122334477", "the URL wins over the User-Agent");
});

test("a report without any MAC is a 400 and nothing is stored", async () => {
  const before = count();
  const res = await post("/report", reportXml({ C: "3" }));
  assert.equal(res.status, 400);
  assert.deepEqual(JSON.parse(res.body), { error: "MAC address required" });
  const bad = await post("/report/not-a-mac", reportXml({ C: "3" }));
  assert.equal(bad.status, 400);
  assert.match(JSON.parse(bad.body).error, /not a MAC address/);
  assert.equal(count(), before);
});

test("empty, non-XML, hostile and oversized bodies are refused and nothing is stored", async () => {
  const before = count();
  const cases: [string, number, RegExp][] = [
    ["", 400, /empty/],
    ["   \n", 400, /empty/],
    ["Station_Name=desk", 400, /not XML/],
    ["<flat-profile><A>1</flat-profile>", 400, /Malformed XML/],
    [`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "xx">]><flat-profile><A>&x;</A></flat-profile>`, 400, /DOCTYPE/],
    ["<device><other/></device>", 400, /no <flat-profile>/],
    [`<flat-profile><A>${"x".repeat(2 * 1024 * 1024)}</A></flat-profile>`, 413, /larger than 2 MB/],
  ];
  for (const [body, status, message] of cases) {
    const res = await post("/report/001122334455", body);
    assert.equal(res.status, status, body.slice(0, 60));
    assert.match(JSON.parse(res.body).error, message);
  }
  assert.equal(count(), before);
});

test("the Report_Rule keyword names the report type", async () => {
  const status = await post("/report/001122334455", reportXml({ Report_Rule: "--status http://x/report/$MA" }));
  assert.equal(getReport(server.app.db, JSON.parse(status.body).id)!.report_type, "status");
  const delta = await post("/report/001122334455", reportXml({ Report_Rule: "[--key abc] --delta http://x/report/$MA" }));
  assert.equal(getReport(server.app.db, JSON.parse(delta.body).id)!.report_type, "delta");
});

test("only the newest reports.retention reports per phone are kept", async (t) => {
  configure(t, server, "serviceconfig.yml", "ip_whitelist: [127.0.0.1]\nauth: {enabled: false}\nreports: {retention: 3}\n");
  const ids: number[] = [];
  for (let i = 0; i < 5; i++) ids.push(JSON.parse((await post("/report/0011223344aa", reportXml({ N: String(i) }))).body).id);
  await post("/report/0011223344bb", reportXml({ N: "other" }));
  assert.deepEqual(listReports(server.app.db, { mac: "0011223344aa" }).map((r) => r.id), ids.slice(2).reverse());
  assert.equal(listReports(server.app.db, { mac: "0011223344bb" }).length, 1);
});

test("reports from an address that is not allowed are refused and not stored", async (t) => {
  configure(t, server, "serviceconfig.yml", "ip_whitelist: [10.0.0.0/8]\nauth: {enabled: false}\n");
  const before = count();
  const refused = await post("/report/001122334455", reportXml({ A: "1" }));
  assert.equal(refused.status, 403);
  assert.equal(count(), before);
});

test("in discovery mode reports come from any address", async (t) => {
  configure(t, server, "serviceconfig.yml", "ip_whitelist: [10.0.0.0/8]\ndiscovery: {enabled: true}\nauth: {enabled: false}\n");
  const discovery = await post("/report/001122334455", reportXml({ A: "1" }));
  assert.equal(discovery.status, 200);
});

test("a parameter named like an object internal is just a parameter", async () => {
  const res = await post("/report/001122334455", reportXml({ __proto__x: "1", constructor: "2" }).replace(/__proto__x/g, "__proto__"));
  assert.equal(res.status, 200);
  assert.deepEqual(Object.entries(getReport(server.app.db, JSON.parse(res.body).id)!.params), [["__proto__", "1"], ["constructor", "2"]]);
});

// The body travels to the parse worker and into SQLite as bytes (never a string on the main thread): what is stored
// must still be the text a person reads with sqlite3, as when it was decoded first.
const storedText = (id: number) =>
  server.app.db.prepare("SELECT typeof(raw_xml) AS xmlType, raw_xml, typeof(params) AS paramsType, params FROM reports WHERE id = ?").get(id) as
    { xmlType: string; raw_xml: string; paramsType: string; params: string };

test("a report's XML and parameters are stored as text: the XML as received, its byte-order mark and surrounding white space trimmed", async () => {
  const xml = "<flat-profile>\n  <Station_Name ua=\"na\">Empfang Müller 東京 😀</Station_Name>\n</flat-profile>";
  const res = await post("/report/001122334455", `\uFEFF \r\n ${xml}\n\n`, { "Content-Type": "text/xml; charset=utf-8" });
  assert.equal(res.status, 200);
  const row = storedText(Number(JSON.parse(res.body).id));
  assert.deepEqual([row.xmlType, row.paramsType], ["text", "text"], "TEXT, not BLOB: sqlite3 and the pages read it as text");
  assert.equal(row.raw_xml, xml);
  assert.deepEqual(JSON.parse(row.params), { Station_Name: "Empfang Müller 東京 😀" });
});

test("a report with bytes that are not UTF-8 is stored as valid text, with U+FFFD where they were", async () => {
  const body = Buffer.concat([Buffer.from("<flat-profile><Station_Name>caf"), Buffer.from([0xe9, 0xff]), Buffer.from(" bar</Station_Name></flat-profile>")]);
  const res = await server.request("/report/001122334455", { method: "POST", body, headers: { "Content-Type": "text/xml" } });
  assert.equal(res.status, 200);
  const row = storedText(Number(JSON.parse(res.body).id));
  assert.equal(row.xmlType, "text");
  assert.equal(row.raw_xml, "<flat-profile><Station_Name>caf\uFFFD\uFFFD bar</Station_Name></flat-profile>");
  assert.deepEqual(JSON.parse(row.params), { Station_Name: "caf\uFFFD\uFFFD bar" });
});

test("a report posted url-encoded as a form field stores the decoded XML", async () => {
  const xml = "<flat-profile><Station_Name>a&amp;b + c</Station_Name></flat-profile>";
  const res = await post("/report/001122334455", `report=${encodeURIComponent(xml)}`);
  assert.equal(res.status, 200);
  const row = storedText(Number(JSON.parse(res.body).id));
  assert.equal(row.raw_xml, xml);
  assert.deepEqual(JSON.parse(row.params), { Station_Name: "a&b + c" });
});
