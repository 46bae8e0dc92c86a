import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { clip, codePointLength } from "../../core/cisco/objects.ts";
import { decodeCursor, dialableNumber, encodeCursor, entryName, searchFilter } from "../../core/contacts/directory.ts";
import { DEFAULT_DIAL_PLAN } from "../../core/contacts/normalize.ts";
import { deleteSource, listSources } from "../../db/contact-sources.ts";
import { applyContactChanges, replaceContacts } from "../../db/contacts.ts";
import { sourceWith, storedContact, tel } from "../fixtures/contacts.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const entry = (display_name: string, label = "Mobile") => ({
  number_id: 1, contact_id: 1, source_id: 1, position: 0, sort_name: "", display_name, given_name: "", family_name: "",
  company: "", type: "mobile", label, number: "+49 1", normalized: "491",
});

test("numbers become dialable by the default (German) dial plan", () => {
  const plan = DEFAULT_DIAL_PLAN;
  assert.equal(dialableNumber("+49 (30) 1234-56", plan), "0301234 56".replace(" ", ""));
  assert.equal(dialableNumber("+33 6 12", plan), "0033612");
  assert.equal(dialableNumber("0049 30 1234", plan), "0301234");
  assert.equal(dialableNumber("030 1234", plan), "0301234");
  assert.equal(dialableNumber("123", plan), "123");
  assert.equal(dialableNumber("abc", plan), "");
});

test("an outside line is dialled before external numbers, not before internal extensions", () => {
  const office = { ...DEFAULT_DIAL_PLAN, outside_line: "0" };
  assert.equal(dialableNumber("+49 30 1234", office), "00301234");
  assert.equal(dialableNumber("+1 212 555", office), "0001212555");
  assert.equal(dialableNumber("42", office), "42");
});

test("another country's dial plan makes its own numbers national and German ones international", () => {
  const swiss = { country_code: "41", national_prefix: "0", international_prefix: "00", outside_line: "" };
  assert.equal(dialableNumber("+41 44 123", swiss), "044123");
  assert.equal(dialableNumber("+49 30 1", swiss), "0049301");
});

test("entry names keep the label and never exceed 32 characters", () => {
  assert.equal(entryName(entry("Anna")), "Anna (Mobile)");
  assert.equal(entryName(entry("Anna", "")), "Anna");
  const long = entryName(entry("A".repeat(50)));
  assert.equal(Array.from(long).length, 32);
  assert.ok(long.endsWith("… (Mobile)"));
  assert.equal(entryName(entry("")), "+49 1 (Mobile)");
  const emoji = entryName(entry("👩‍👩‍👧‍👦".repeat(10)));
  assert.ok(Array.from(emoji).length <= 32);
});

test("names are clipped and counted by characters as Array.from counts them: pairs whole, lone surrogates one each", () => {
  let seed = 11;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const pieces = ["a", "ß", "é", "\u0301", "😀", "👩‍👧", "\ud83d", "\ude00", " ", "…", "中"];
  for (let round = 0; round < 2_000; round++) {
    const text = Array.from({ length: next() % 40 }, () => pieces[next() % pieces.length]).join("");
    const chars = Array.from(text);
    assert.equal(codePointLength(text), chars.length, JSON.stringify(text));
    for (const max of [0, 1, 2, 5, 13, 32, 60]) assert.equal(clip(text, max), chars.slice(0, max).join(""), `${JSON.stringify(text)} to ${max}`);
  }
});

test("a search is a name search with letters and a digit search without", () => {
  assert.deepEqual(searchFilter("Émile  Zo", DEFAULT_DIAL_PLAN), { kind: "name", words: ["emile", "zo"] });
  assert.deepEqual(searchFilter("030 1234", DEFAULT_DIAL_PLAN), { kind: "digits", alternatives: ["0301234", "49301234"] });
  assert.equal(searchFilter("  ", DEFAULT_DIAL_PLAN), undefined);
  assert.equal(searchFilter("12", DEFAULT_DIAL_PLAN), undefined);
  assert.equal(searchFilter("---", DEFAULT_DIAL_PLAN), undefined);
});

test("a searched word that begins another searched word is dropped: the other implies it", () => {
  assert.deepEqual(searchFilter("Kar Ka", DEFAULT_DIAL_PLAN), { kind: "name", words: ["kar"] });
  assert.deepEqual(searchFilter("ka Karl kar", DEFAULT_DIAL_PLAN), { kind: "name", words: ["karl"] });
  assert.deepEqual(searchFilter("anna anna", DEFAULT_DIAL_PLAN), { kind: "name", words: ["anna"] });
  // Words that only share a beginning both stay.
  assert.deepEqual(searchFilter("kar kat", DEFAULT_DIAL_PLAN), { kind: "name", words: ["kar", "kat"] });
});

test("paging cursors survive a round trip and refuse garbage", () => {
  const c = encodeCursor({ sort_name: "émile zola", contact_id: 7, position: 2 });
  assert.deepEqual(decodeCursor(c), { sortName: "émile zola", contactId: 7, position: 2 });
  assert.equal(decodeCursor("bm9wZQ"), undefined);
  assert.equal(decodeCursor(null), undefined);
  assert.equal(decodeCursor("x".repeat(3000)), undefined);
});

let server: TestServer;
before(async () => {
  server = await startTestServer({ "switchboard.yml": 'public_url: "https://pbx.example.org"\n' });
  // Only read by the tests; a test that changes contacts makes a source of its own.
  sourceWith(server.app, "K1", [{ display_name: "Anna", numbers: [tel("mobile", "+49 170 1")] }]);
});
after(() => server.close());

test("the overview of a key (also at index.php) shows the URLs to paste, links to dialer and vCard, and the count", async () => {
  for (const path of ["/?key=K1", "/index.php?key=K1"]) {
    const res = await server.get(path);
    assert.equal(res.status, 200);
    assert.match(res.body, /https:\/\/pbx\.example\.org\/cisco\/directory\?key=K1/);
    assert.match(res.body, /&#60;authenticationURL&#62;https:\/\/pbx\.example\.org\/cisco\/authenticate&#60;\/authenticationURL&#62;/);
    assert.match(res.body, /href="\/call\?key=K1"/);
    assert.match(res.body, /href="\/vcard\?key=K1"/);
    assert.match(res.body, /1 contact\b/);
  }
});

test("the overview of an unknown key is a 404", async () => {
  assert.equal((await server.get("/?key=nope")).status, 404);
});

test("/ without a key is the admin dashboard, not a key's overview", async () => {
  const dashboard = await server.get("/");
  assert.equal(dashboard.status, 200, "without a key / is the admin dashboard");
  assert.doesNotMatch(dashboard.body, /cisco\/directory\?key=/);
});

const plan = () => server.app.store.config.switchboard.directory.dial;

test("contacts changed by a later sync are found under their new name and number", async () => {
  const id = sourceWith(server.app, "K-renamed", [{ display_name: "Anna", numbers: [tel("mobile", "+49 170 1")] }]).id;
  replaceContacts(server.app.db, id, [storedContact({ display_name: "Berta", numbers: [tel("work", "+49 30 999")] }, 0, plan())]);
  const byName = await server.get("/cisco/directory?key=K-renamed&q=berta");
  assert.match(byName.body, /Berta \(Work\)/);
  assert.doesNotMatch((await server.get("/cisco/directory?key=K-renamed&q=anna")).body, /DirectoryEntry/);
  assert.match((await server.get("/cisco/directory?key=K-renamed&n=030999")).body, /Berta/);
  assert.match((await server.get("/cisco/directory?key=K-renamed&list=all")).body, /1–1 of 1/);
});

test("a contact a later sync removes is no longer found by its number", async () => {
  const id = sourceWith(server.app, "K-emptied", [{ display_name: "Berta", numbers: [tel("work", "+49 30 999")] }]).id;
  assert.match((await server.get("/cisco/directory?key=K-emptied&n=030999")).body, /Berta/, "found before the sync");
  replaceContacts(server.app.db, id, []);
  assert.doesNotMatch((await server.get("/cisco/directory?key=K-emptied&n=030999")).body, /Berta/);
});

test("the search index follows incremental changes: an upsert is found, a deleted contact is not", async () => {
  const db = server.app.db;
  const source = sourceWith(server.app, "K2", [{ display_name: "Carl", numbers: [tel("mobile", "+49 170 42")] }, { display_name: "Dora", numbers: [tel("home", "+49 89 7")] }]);
  applyContactChanges(db, source.id, [storedContact({ display_name: "Carlotta", numbers: [tel("work", "+49 170 43")] }, 0, plan())], ["ext-1"]);
  const all = (await server.get("/cisco/directory?key=K2&list=all")).body;
  assert.match(all, /Carlotta \(Work\)/);
  assert.doesNotMatch(all, /Dora|Carl \(/);
  assert.match((await server.get("/cisco/directory?key=K2&qn=17043")).body, /Carlotta/);
});

test("deleting a source removes its search entries, and its key is unknown", async () => {
  const db = server.app.db;
  const source = sourceWith(server.app, "K-deleted", [{ display_name: "Carl", numbers: [tel("mobile", "+49 170 42")] }]);
  assert.ok(listSources(db).some((s) => s.key === "K-deleted"));
  assert.ok(deleteSource(db, source.id));
  const left = db.prepare("SELECT count(*) FROM directory_entries WHERE source_id = ?").pluck().get(source.id);
  assert.equal(left, 0);
  assert.match((await server.get("/cisco/directory?key=K-deleted")).body, /unknown/);
});
