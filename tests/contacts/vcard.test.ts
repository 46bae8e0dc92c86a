import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import ICAL from "ical.js";
import { escapeValue, foldLine } from "../../core/contacts/vcard.ts";
import { sourceWith, tel } from "../fixtures/contacts.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
const LONG_NAME = "Ünïcødé " + "😀".repeat(40) + " Long Name With Many Characters";

// Every test only reads this book.
before(async () => {
  server = await startTestServer();
  sourceWith(server.app, "book", [
    {
      display_name: "Émile Zola", given_name: "Émile", family_name: "Zola", company: "Verlag; Söhne, GmbH",
      numbers: [tel("work", "030 1234"), tel("mobile", "+49 170 555"), tel("fax_work", "030 9999")],
      emails: [{ address: "emile@example.com", label: "work" }], birthday: "1840-04-02", note: "Line one\nLine two, with comma; and \\ backslash",
      addresses: [{ label: "work", street: "Hauptstraße 1", city: "Berlin", postal_code: "10115", country: "Germany" }],
    },
    { display_name: LONG_NAME, numbers: [tel("home", "+49 30 1")] },
  ]);
});
after(() => server.close());

function parseCards(body: string): InstanceType<typeof ICAL.Component>[] {
  const parsed = ICAL.parse(body);
  const list = (Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[];
  return list.map((c) => new ICAL.Component(c as never));
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** The export as the octets on the wire. */
async function exportOctets(path = "/vcard?key=book"): Promise<Buffer> {
  const res = await fetch(server.url + path);
  assert.equal(res.status, 200);
  return Buffer.from(await res.arrayBuffer());
}

/** Octets split at each CRLF: the physical lines, without their line ends. */
function physicalLines(octets: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = octets.indexOf("\r\n"); i >= 0; i = octets.indexOf("\r\n", start)) {
    lines.push(octets.subarray(start, i));
    start = i + 2;
  }
  lines.push(octets.subarray(start));
  return lines;
}

/** Émile's card, found by its FN. */
async function emileOf(): Promise<InstanceType<typeof ICAL.Component>> {
  const emile = parseCards((await server.get("/vcard?key=book")).body).find((c) => c.getFirstPropertyValue("fn") === "Émile Zola");
  assert.ok(emile, "a card with FN:Émile Zola");
  return emile;
}

test("the export is a text/vcard attachment named contacts.vcf", async () => {
  const res = await server.get("/vcard?key=book");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/vcard; charset=utf-8");
  assert.match(res.headers.get("content-disposition") ?? "", /attachment; filename="contacts\.vcf"/);
});

test("every line ends in CRLF, none in a bare LF, and so does the file", async () => {
  const text = (await exportOctets()).toString("utf8");
  const lines = text.split("\r\n");
  assert.equal(lines.at(-1), "");
  assert.ok(!text.replace(/\r\n/g, "").includes("\n"), "only CRLF line ends");
});

test("no physical line is over 75 octets, and each is valid UTF-8 on its own (folding never cuts a character)", async () => {
  for (const line of physicalLines(await exportOctets())) {
    assert.ok(line.length <= 75, `line over 75 octets: ${line.toString("utf8")}`);
    assert.doesNotThrow(() => strictUtf8.decode(line), `a line that is not UTF-8 by itself: ${line.toString("hex")}`);
  }
});

test("each contact is one vCard 3.0 by default, read back by ical.js", async () => {
  const cards = parseCards((await server.get("/vcard?key=book")).body);
  assert.equal(cards.length, 2);
  assert.equal((await emileOf()).getFirstPropertyValue("version"), "3.0");
});

test("FN, N from family and given name, and ORG with its comma and semicolon", async () => {
  const emile = await emileOf();
  assert.deepEqual(emile.getFirstPropertyValue("n"), ["Zola", "Émile", "", "", ""]);
  assert.equal(String(emile.getFirstPropertyValue("org")), "Verlag; Söhne, GmbH");
});

test("the note's line breaks, commas, semicolons and backslashes are escaped and read back", async () => {
  const res = await server.get("/vcard?key=book");
  // ical.js leaves "\;" escaped in 3.0 text values; the escaping itself is checked on the raw line.
  assert.ok(res.body.includes("NOTE:Line one\\nLine two\\, with comma\\; and \\\\ backslash\r\n"));
  const emile = parseCards(res.body).find((c) => c.getFirstPropertyValue("fn") === "Émile Zola")!;
  assert.equal(String(emile.getFirstPropertyValue("note")).replace(/\\;/g, ";"), "Line one\nLine two, with comma; and \\ backslash");
});

test("numbers keep their order, each TEL typed by its kind (work, cell, fax)", async () => {
  const tels = (await emileOf()).getAllProperties("tel").map((p) => [p.getParameter("type"), p.getFirstValue()]);
  assert.deepEqual(tels, [[["WORK", "VOICE"], "030 1234"], [["CELL", "VOICE"], "+49 170 555"], [["WORK", "FAX"], "030 9999"]]);
});

test("email, postal address and birthday are exported", async () => {
  const emile = await emileOf();
  assert.equal(emile.getFirstPropertyValue("email"), "emile@example.com");
  assert.deepEqual(emile.getFirstPropertyValue("adr"), ["", "", "Hauptstraße 1", "Berlin", "", "10115", "Germany"]);
  assert.equal(String(emile.getFirstPropertyValue("bday")), "1840-04-02");
});

test("every card has a REV and a name-based (version 5) UUID as its UID", async () => {
  const emile = await emileOf();
  assert.ok(emile.getFirstPropertyValue("rev"));
  assert.match(String(emile.getFirstPropertyValue("uid")), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test("a name of emoji longer than a line comes back whole after folding", async () => {
  const cards = parseCards((await server.get("/vcard?key=book")).body);
  const long = cards.find((c) => String(c.getFirstPropertyValue("fn")).startsWith("Ünïcødé"))!;
  assert.equal(long.getFirstPropertyValue("fn"), LONG_NAME);
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

test("a version other than 3.0 and 4.0 is a 400", async () => {
  assert.equal((await server.get("/vcard?key=book&version=2.1")).status, 400);
});

test("an unknown key is a 404 that says so", async () => {
  const missing = await server.get("/vcard?key=nope");
  assert.equal(missing.status, 404);
  assert.match(missing.body, /unknown/);
});

test("escaping: backslash, comma, semicolon and line breaks", () => {
  assert.equal(escapeValue("a\\b,c;d\r\ne"), "a\\\\b\\,c\\;d\\ne");
});

test("folding never splits a UTF-8 sequence: each physical line is UTF-8 on its own and unfolds to the line", () => {
  // Two-, three- and four-octet characters after prefixes of every length put each kind of sequence across the
  // 75-octet boundary at each of its octets. A cut four-octet character would leave half a surrogate pair, which
  // does not survive encoding; a cut at the octet level would leave U+FFFD, which does not unfold to the line.
  const lines = ["NOTE:" + "ä".repeat(100)];
  for (let pad = 0; pad < 4; pad++) for (const ch of ["ä", "€", "😀"]) lines.push("NOTE:" + "x".repeat(pad) + ch.repeat(60));
  for (const line of lines) {
    const folded = foldLine(line);
    const physical = folded.split("\r\n");
    assert.ok(physical.length > 1, "long enough to be folded");
    for (const l of physical) {
      const octets = Buffer.from(l, "utf8");
      assert.ok(octets.length <= 75);
      assert.equal(strictUtf8.decode(octets), l, `a character cut at ${JSON.stringify(l.slice(-2))}`);
    }
    assert.equal(physical.map((l, i) => (i ? l.slice(1) : l)).join(""), line);
  }
});
