import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import ICAL from "ical.js";
import { escapeValue, foldLine } from "../../core/contacts/vcard.ts";
import { sourceWith } from "../fixtures/contacts.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;

before(async () => {
  server = await startTestServer();
  sourceWith(server.app.db, "book", [
    {
      name: "Émile Zola", given: "Émile", family: "Zola", company: "Verlag; Söhne, GmbH",
      numbers: [["Work", "030 1234"], ["Mobile", "+49 170 555"], ["Fax", "030 9999"]],
      emails: ["emile@example.com"], birthday: "1840-04-02", note: "Line one\nLine two, with comma; and \\ backslash",
      addresses: [{ label: "work", street: "Hauptstraße 1", city: "Berlin", postal_code: "10115", country: "Germany" }],
    },
    { name: "Ünïcødé " + "😀".repeat(40) + " Long Name With Many Characters", numbers: [["Home", "+49 30 1"]] },
  ]);
});
after(() => server.close());

function parseCards(body: string): InstanceType<typeof ICAL.Component>[] {
  const parsed = ICAL.parse(body);
  const list = (Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[];
  return list.map((c) => new ICAL.Component(c as never));
}

test("vCard 3.0 by default: CRLF, folded at 75 octets, parsed back with ical.js", async () => {
  const res = await server.get("/vcard?key=book");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/vcard; charset=utf-8");
  assert.match(res.headers.get("content-disposition") ?? "", /attachment; filename="contacts\.vcf"/);
  const raw = Buffer.from(res.body, "utf8");
  const lines = raw.toString("utf8").split("\r\n");
  assert.equal(lines.at(-1), "");
  assert.ok(!raw.toString("utf8").replace(/\r\n/g, "").includes("\n"), "only CRLF line ends");
  for (const line of lines) assert.ok(Buffer.byteLength(line) <= 75, `line over 75 octets: ${line}`);
  const cards = parseCards(res.body);
  assert.equal(cards.length, 2);
  const emile = cards.find((c) => c.getFirstPropertyValue("fn") === "Émile Zola")!;
  assert.equal(emile.getFirstPropertyValue("version"), "3.0");
  assert.deepEqual(emile.getFirstPropertyValue("n"), ["Zola", "Émile", "", "", ""]);
  assert.equal(String(emile.getFirstPropertyValue("org")), "Verlag; Söhne, GmbH");
  // ical.js leaves "\;" escaped in 3.0 text values; the escaping itself is checked on the raw line.
  assert.ok(res.body.includes("NOTE:Line one\\nLine two\\, with comma\\; and \\\\ backslash\r\n"));
  assert.equal(String(emile.getFirstPropertyValue("note")).replace(/\\;/g, ";"), "Line one\nLine two, with comma; and \\ backslash");
  const tels = emile.getAllProperties("tel").map((p) => [p.getParameter("type"), p.getFirstValue()]);
  assert.deepEqual(tels, [[["WORK", "VOICE"], "030 1234"], [["CELL", "VOICE"], "+49 170 555"], [["WORK", "FAX"], "030 9999"]]);
  assert.equal(emile.getFirstPropertyValue("email"), "emile@example.com");
  assert.deepEqual(emile.getFirstPropertyValue("adr"), ["", "", "Hauptstraße 1", "Berlin", "", "10115", "Germany"]);
  assert.equal(String(emile.getFirstPropertyValue("bday")), "1840-04-02");
  assert.ok(emile.getFirstPropertyValue("rev"));
  assert.match(String(emile.getFirstPropertyValue("uid")), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const long = cards.find((c) => String(c.getFirstPropertyValue("fn")).startsWith("Ünïcødé"))!;
  assert.equal(long.getFirstPropertyValue("fn"), "Ünïcødé " + "😀".repeat(40) + " Long Name With Many Characters");
});

test("the same contact keeps its UID across exports", async () => {
  const a = parseCards((await server.get("/vcard?key=book")).body).map((c) => c.getFirstPropertyValue("uid"));
  const b = parseCards((await server.get("/vcard.php?key=book")).body).map((c) => c.getFirstPropertyValue("uid"));
  assert.deepEqual(a, b);
});

test("vCard 4.0 on request", async () => {
  const res = await server.get("/vcard?key=book&version=4.0");
  const cards = parseCards(res.body);
  const emile = cards.find((c) => c.getFirstPropertyValue("fn") === "Émile Zola")!;
  assert.equal(emile.getFirstPropertyValue("version"), "4.0");
  assert.match(String(emile.getFirstPropertyValue("uid")), /^urn:uuid:/);
  assert.deepEqual(emile.getAllProperties("tel")[1].getParameter("type"), ["cell", "voice"]);
});

test("a wrong version or key is a readable error", async () => {
  assert.equal((await server.get("/vcard?key=book&version=2.1")).status, 400);
  const missing = await server.get("/vcard?key=nope");
  assert.equal(missing.status, 404);
  assert.match(missing.body, /unknown/);
});

test("escaping and folding never split a UTF-8 sequence", () => {
  assert.equal(escapeValue("a\\b,c;d\r\ne"), "a\\\\b\\,c\\;d\\ne");
  const folded = foldLine("NOTE:" + "ä".repeat(100));
  for (const l of folded.split("\r\n")) assert.ok(Buffer.byteLength(l) <= 75);
  assert.equal(folded.split("\r\n").map((l, i) => (i ? l.slice(1) : l)).join(""), "NOTE:" + "ä".repeat(100));
  assert.ok(!Buffer.from(folded).toString("utf8").includes("\uFFFD"));
});
