// Name searches over big sources are answered from the words of their names in memory (db/directory-words.ts),
// not from the FTS5 index: for every word prefix a phone can send, the pages, their order and the count must be
// what the index finds. SQLite's FTS5 is the judge here, over names in many scripts and spellings.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { directoryPage, DirectorySearchCache, type DirectoryPage, type EntryCursor, type EntryFilter } from "../../db/contact-search.ts";
import { directoryWords, matchWords, wordsStartingWith } from "../../db/directory-words.ts";
import { openDatabase, type Db } from "../../db/open.ts";
import { searchFilter } from "../../core/contacts/directory.ts";
import { DEFAULT_DIAL_PLAN } from "../../core/contacts/normalize.ts";
import { withOrders } from "../helpers/directory-orders.ts";
import { seededRandom } from "../helpers/fuzz.ts";
import { sourceWith, tel, type FixtureContact } from "../fixtures/contacts.ts";

// Names as address books hold them: umlauts both ways, accents, letters without a decomposition, apostrophes and
// hyphens, a name twice, digits, and other scripts.
const GIVEN = ["Anna", "Annabel", "Ann", "Jörg", "Joerg", "José", "Łukasz", "Zoë", "Jean-Luc", "Søren", "Nguyễn Văn", "Пётр", "Σοφία", "李", "Anna Anna"];
const FAMILY = ["Müller", "Mueller", "Muller", "O'Brien", "Straße", "Ærø", "Ødegaard", "García", "Иванов", "Παπαδόπουλος", "小龍", "Praxis 2", "Annan", ""];
const COMPANIES = ["", "", "Müller & Söhne KG", "IT-Service Süd", "ООО Ромашка"];

const CONTACTS = 6000;

/** One big source (and a second one, for searches over both) in a file a worker can open. */
function book(t: TestContext): { db: Db; ids: number[] } {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-words-"));
  const db = openDatabase(join(dir, "s.sqlite"));
  t.after(() => (db.close(), rmSync(dir, { recursive: true, force: true })));
  const random = seededRandom(11);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const people: FixtureContact[] = Array.from({ length: CONTACTS }, (_, i) => ({
    display_name: `${pick(GIVEN)} ${pick(FAMILY)}`.trim(),
    company: pick(COMPANIES),
    // Some contacts have no number, so no entry: a search never shows them.
    numbers: Array.from({ length: [0, 1, 1, 2, 2][Math.floor(random() * 5)] }, (_, k) => tel(["mobile", "work"][k], `+49 30 ${5550000 + i * 2 + k}`)),
  }));
  const x = sourceWith(db, "X", people.filter((_, i) => i % 5 !== 0));
  const y = sourceWith(db, "Y", people.filter((_, i) => i % 5 === 0));
  return { db, ids: [x.id, y.id] };
}

const cursorOf = (p: DirectoryPage, at: number): EntryCursor | undefined => {
  const e = p.entries[at];
  return e && { sortName: e.sort_name, contactId: e.contact_id, position: e.position };
};

/** The first page, the page after its 5th entry and the page before its 9th, as the phone would see them. */
function pages(db: Db, cache: DirectorySearchCache, sourceIds: number[], filter: EntryFilter): string[] {
  const show = (p: DirectoryPage) => [`more ${p.more}`, ...p.entries.map((e) => `${e.display_name}#${e.contact_id}/${e.position}`)];
  const first = directoryPage(db, cache, { sourceIds, filter, limit: 12 });
  const after = cursorOf(first, 4);
  const before = cursorOf(first, 8);
  return [
    ...show(first),
    ...(after ? show(directoryPage(db, cache, { sourceIds, filter, limit: 12, after })) : []),
    ...(before ? show(directoryPage(db, cache, { sourceIds, filter, limit: 12, before })) : []),
  ];
}

/** The entries (and contacts) the FTS5 index matches: the exact count, whatever strategy the index would take. */
function indexCount(db: Db, sourceIds: number[], words: string[]): { entries: number; contacts: number } {
  const match = words.map((w) => `"${w}"*`).join(" AND ");
  return db.prepare(`SELECT count(*) AS entries, count(DISTINCT contact_id) AS contacts FROM directory_entries WHERE source_id IN (${sourceIds.join(",")})
    AND contact_id IN (SELECT rowid FROM contact_name_search WHERE contact_name_search MATCH ?)`).get(match) as { entries: number; contacts: number };
}

/** Every prefix of one to four letters of every word the book's names are searched by, and pairs of them. */
function searches(db: Db): EntryFilter[] {
  const words = new Set((db.prepare("SELECT search_name FROM contacts").pluck().all() as string[]).flatMap((n) => n.split(" ")));
  const prefixes = [...new Set([...words].flatMap((w) => [1, 2, 3, 4].map((k) => [...w].slice(0, k).join(""))))].sort();
  const random = seededRandom(3);
  const pairs = Array.from({ length: 60 }, () => [prefixes[Math.floor(random() * prefixes.length)], prefixes[Math.floor(random() * prefixes.length)]]);
  const typed = ["Jörg Mü", "joerg mue", "o'bri", "jean-l", "nguyen v", "пёт ива", "σοφ", "李 小", "praxis 2", "zzz", "ann ann"];
  return [
    ...prefixes.map((w): EntryFilter => ({ kind: "name", words: [w] })),
    ...[...pairs.map((p) => p.join(" ")), ...typed].map((text) => searchFilter(text, DEFAULT_DIAL_PLAN)!),
  ];
}

test("a name search from the words in memory shows the index's pages and counts every match, for every prefix of every word", async (t) => {
  const { db, ids } = book(t);
  const words = await withOrders(db, t);
  const index = new DirectorySearchCache(Infinity);
  const filters = searches(db);
  assert.ok(filters.length > 150, `${filters.length} searches`);
  let many = 0;
  for (const filter of filters) {
    assert.equal(filter.kind, "name");
    if (filter.kind !== "name") continue;
    for (const sourceIds of [[ids[0]], ids]) {
      const answered = words.orderedPages;
      const label: string = `${filter.words.join(" ")} over ${sourceIds.length} source(s)`;
      assert.equal(words.plan(db, filter, sourceIds).strategy.kind, "words", label);
      assert.deepEqual(pages(db, words, sourceIds, filter), pages(db, index, sourceIds, filter), label);
      assert.ok(words.orderedPages > answered, `${label}: answered from the words`);
      const page = directoryPage(db, words, { sourceIds, filter, limit: 12 });
      const matched = indexCount(db, sourceIds, filter.words);
      assert.deepEqual({ total: page.total, capped: page.capped }, { total: matched.entries, capped: false }, label);
      if (matched.contacts > 1024) many++;
    }
  }
  // Matches beyond the listed ones are found by walking the order: some searches must take that way.
  assert.ok(many > 10, `${many} searches with more than 1,024 matched contacts`);
});

test("the words of a name are found by any prefix, once per contact however often the name repeats them", () => {
  const words = directoryWords(["anna anna annan", "ann berg", "", "berg bergmann", "zoe"]);
  const text = (w: number) => words.words.slice(words.wordStarts[w], words.wordStarts[w + 1]);
  const [lo, hi] = wordsStartingWith(words, "ann");
  assert.deepEqual(Array.from({ length: hi - lo }, (_, i) => text(lo + i)), ["ann", "anna", "annan"]);
  const [none, noneEnd] = wordsStartingWith(words, "annab");
  assert.equal(noneEnd - none, 0, "no word starts with annab");
  const one = () => 1;
  const ann = matchWords(words, 5, ["ann"], one);
  assert.deepEqual({ total: ann.total, listed: ann.listed?.sort() }, { total: 2, listed: [0, 1] });
  const both = matchWords(words, 5, ["berg", "ann"], one);
  assert.deepEqual({ total: both.total, listed: both.listed }, { total: 1, listed: [1] });
  assert.ok(both.isMatch(1) && !both.isMatch(0) && !both.isMatch(3));
  // The searches before leave no marks that count for the next one.
  assert.deepEqual(matchWords(words, 5, ["zoe", "ann"], one).listed, []);
  assert.deepEqual(matchWords(words, 5, ["zoe"], one).listed, [4]);
  assert.deepEqual(matchWords(words, 5, ["x"], one).listed, []);
});

test("a page whose start the words in memory do not hold (a contact written to the file by hand, no new revision) comes from the index, uncounted", async (t) => {
  const { db, ids } = book(t);
  const words = await withOrders(db, t);
  // As with the sqlite3 CLI: the triggers index the contact, the source's revision stays, so its words are kept.
  db.exec(`INSERT INTO contacts (id, source_id, external_id, display_name, search_name, updated_at) VALUES (900000, ${ids[0]}, 'hand', 'Anna Zulu', 'anna zulu', 'x')`);
  db.exec("INSERT INTO contact_numbers (contact_id, position, type, label, number, normalized) VALUES (900000, 0, 'work', 'Work', '+49 30 1', '49301')");
  const filter: EntryFilter = { kind: "name", words: ["anna"] };
  // The page after this cursor starts at the new entry, which the words' order does not hold.
  const after: EntryCursor = { sortName: "anna zulu", contactId: 899999, position: 0 };
  const index = new DirectorySearchCache(Infinity);
  const page = directoryPage(db, words, { sourceIds: [ids[0]], filter, limit: 12, after });
  assert.deepEqual(page.entries, directoryPage(db, index, { sourceIds: [ids[0]], filter, limit: 12, after }).entries);
  assert.equal(page.entries[0]?.display_name, "Anna Zulu");
  assert.equal(page.capped, true, "the count of the words it could not use is not claimed");
});
