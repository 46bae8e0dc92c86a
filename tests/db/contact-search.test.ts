// The three ways a search is answered (driven, split, ordered walk) must give the same pages as a plain sort.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { directoryPage, DirectorySearchCache, DRIVE_LIMIT, entriesByNumber, SPLIT_FROM, type EntryFilter } from "../../db/contact-search.ts";
import { openDatabase, type Db } from "../../db/open.ts";
import { sourceWith, tel, type FixtureContact } from "../fixtures/contacts.ts";

const shared = openDatabase(":memory:");
const contacts: FixtureContact[] = [];
for (let i = 0; i < DRIVE_LIMIT + 300; i++) contacts.push({ display_name: `Otto ${String(i).padStart(5, "0")}`, numbers: [tel("mobile", `+49 170 ${100000 + i}`)] });
for (let i = 0; i < 40; i++) contacts.push({ display_name: `Anna Otto ${i}`, numbers: [tel("work", `030 555 ${i}`), tel("mobile", `+49 171 ${i}`)] });
for (let i = 0; i < 40; i++) contacts.push({ display_name: `Zora ${i}`, numbers: [tel("home", `089 ${i}`)] });
// Only read by the tests below.
const a = sourceWith(shared, "A", contacts);
const b = sourceWith(shared, "B", [{ display_name: "Otto Second", numbers: [tel("work", "+49 170 999")] }, { display_name: "Berta", numbers: [] }]);
after(() => shared.close());

/** The way the search is answered, so each test below proves it walks the path its name says. */
const strategy = (filter: EntryFilter, sourceIds: number[], on: Db = shared) => new DirectorySearchCache().plan(on, filter, sourceIds).strategy.kind;

/** Every entry a filter finds, walking the pages forward; and the same walked backward from the end. */
function walk(filter: EntryFilter, sourceIds: number[], db: Db = shared): { forward: string[]; backward: string[] } {
  const forward: string[] = [];
  let page = directoryPage(db, new DirectorySearchCache(), { sourceIds, filter, limit: 32 });
  forward.push(...page.entries.map((e) => `${e.display_name}/${e.position}`));
  let last = page.entries.at(-1);
  while (page.more && last) {
    page = directoryPage(db, new DirectorySearchCache(), { sourceIds, filter, limit: 32, after: { sortName: last.sort_name, contactId: last.contact_id, position: last.position } });
    forward.push(...page.entries.map((e) => `${e.display_name}/${e.position}`));
    last = page.entries.at(-1);
  }
  const backward: string[] = [];
  let first = last;
  // Start just after the last entry and walk back.
  let back = directoryPage(db, new DirectorySearchCache(), { sourceIds, filter, limit: 32, before: { sortName: first!.sort_name + "\u{10FFFF}", contactId: 0, position: 0 } });
  backward.unshift(...back.entries.map((e) => `${e.display_name}/${e.position}`));
  first = back.entries[0];
  while (back.more && first) {
    back = directoryPage(db, new DirectorySearchCache(), { sourceIds, filter, limit: 32, before: { sortName: first.sort_name, contactId: first.contact_id, position: first.position } });
    backward.unshift(...back.entries.map((e) => `${e.display_name}/${e.position}`));
    first = back.entries[0];
  }
  return { forward, backward };
}

const expected = (pred: (c: FixtureContact) => boolean, extra: FixtureContact[] = [], from = contacts) =>
  [...from, ...extra].filter(pred)
    .flatMap((c) => (c.numbers ?? []).map((_, i) => ({ key: c.display_name!.toLowerCase(), label: `${c.display_name}/${i}` })))
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
    .map((x) => x.label);

test("a broad name search (split: names starting with the word plus the few others) pages like a sort", () => {
  const filter: EntryFilter = { kind: "name", words: ["otto"] };
  assert.equal(strategy(filter, [a.id]), "split");
  const first = directoryPage(shared, new DirectorySearchCache(), { sourceIds: [a.id], filter, limit: 32 });
  assert.equal(first.capped, true);
  const { forward, backward } = walk(filter, [a.id]);
  assert.deepEqual(forward, expected((c) => /\botto\b/i.test(c.display_name!)));
  assert.deepEqual(backward, forward);
});

test("a one-letter name search over two sources (split: few names have the word later) merges them in order", () => {
  const filter: EntryFilter = { kind: "name", words: ["o"] };
  assert.equal(strategy(filter, [a.id, b.id]), "split");
  const { forward } = walk(filter, [a.id, b.id]);
  assert.deepEqual(forward, expected((c) => /\bo/i.test(c.display_name!), [{ display_name: "Otto Second", numbers: [tel("work", "x")] }]));
});

test("a name search dense everywhere (the word is rarely first) walks the ordered index; two sources are merged in order", (t) => {
  // Its own database: more names than DRIVE_LIMIT carry the word after their first, which the shared one lacks.
  const dense = openDatabase(":memory:");
  t.after(() => dense.close());
  const people: FixtureContact[] = Array.from({ length: DRIVE_LIMIT + 100 }, (_, i) => ({
    display_name: `${["Anna", "Bernd", "Carla"][i % 3]} Otto ${String(i).padStart(5, "0")}`, numbers: [tel("mobile", `+49 172 ${100000 + i}`)],
  }));
  const x = sourceWith(dense, "X", people.filter((_, i) => i % 2 === 0));
  const y = sourceWith(dense, "Y", [...people.filter((_, i) => i % 2 === 1), { display_name: "Zora", numbers: [tel("home", "089 1")] }]);
  const filter: EntryFilter = { kind: "name", words: ["otto"] };
  assert.equal(strategy(filter, [x.id, y.id], dense), "scan");
  const { forward, backward } = walk(filter, [x.id, y.id], dense);
  assert.deepEqual(forward, expected((c) => /\botto\b/i.test(c.display_name!), [], people));
  assert.deepEqual(backward, forward);
});

test("a broad digit search walks the index with a substring test", () => {
  const filter: EntryFilter = { kind: "digits", alternatives: ["170", "49170"] };
  assert.equal(strategy(filter, [a.id, b.id]), "scan");
  const first = directoryPage(shared, new DirectorySearchCache(), { sourceIds: [a.id, b.id], filter, limit: 32 });
  assert.equal(first.capped, true);
  assert.equal(first.entries.length, 32);
  const { forward, backward } = walk(filter, [a.id, b.id]);
  assert.equal(forward.length, DRIVE_LIMIT + 300 + 1);
  assert.deepEqual(backward, forward);
});

test("a narrow search is counted exactly", () => {
  assert.equal(strategy({ kind: "name", words: ["anna"] }, [a.id]), "driven");
  const page = directoryPage(shared, new DirectorySearchCache(), { sourceIds: [a.id], filter: { kind: "name", words: ["anna"] }, limit: 32 });
  assert.equal(page.total, 80);
  assert.equal(page.capped, false);
  assert.equal(page.more, true);
});

/** Calls `seen` with the SQL of every query `db` runs from now on through statements prepared after this. */
function onEachQuery(db: Db, seen: (sql: string) => unknown): void {
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const stmt = prepare(sql);
    for (const method of ["all", "get"] as const) {
      const run = stmt[method].bind(stmt) as (...args: unknown[]) => unknown;
      Object.assign(stmt, { [method]: (...args: unknown[]) => (seen(sql), run(...args)) });
    }
    return stmt;
  }) as typeof db.prepare;
}

test("a page and a caller lookup each read one snapshot of the book (one read transaction, not one per statement)", (t) => {
  // Its own database, so its statements are prepared through the spy below.
  const db = openDatabase(":memory:");
  t.after(() => db.close());
  const book = sourceWith(db, "S", [{ display_name: "Anna Otto", numbers: [tel("work", "030 555 1"), tel("mobile", "+49 171 1")] }]);
  const outside: string[] = [];
  onEachQuery(db, (sql) => db.inTransaction || outside.push(sql));
  const cache = new DirectorySearchCache();
  for (const filter of [{ kind: "name", words: ["ann"] }, { kind: "digits", alternatives: ["555"] }, { kind: "all" }] as EntryFilter[]) {
    assert.equal(directoryPage(db, cache, { sourceIds: [book.id], filter, limit: 32 }).entries.length > 0, true);
  }
  assert.equal(entriesByNumber(db, [book.id], "491711", 32).length, 1);
  assert.deepEqual(outside, []);
});

test("a one-word search with many matches that mostly start with it (a counted split) pages and counts exactly like a sort", (t) => {
  // Its own book of a few thousand: many names that start with the word, a few with it later, and neighbours
  // of the stretch ("Annabel", "Ann", "Anton") on both sides, over two sources.
  const db = openDatabase(":memory:");
  t.after(() => db.close());
  const given = ["Anna", "Annabel", "Ann", "Anton", "Hanna"];
  const people: FixtureContact[] = Array.from({ length: 3 * SPLIT_FROM * given.length }, (_, i) => ({
    display_name: `${given[i % given.length]} ${["Otto", "Anna", "Berg", "Ziegler"][i % 4]} ${i}`,
    numbers: [tel("mobile", `+49 172 ${100000 + i}`), ...(i % 3 === 0 ? [tel("work", `030 ${200000 + i}`)] : [])],
  }));
  const x = sourceWith(db, "X", people.filter((_, i) => i % 3 !== 0));
  const y = sourceWith(db, "Y", [...people.filter((_, i) => i % 3 === 0), { display_name: "Anna", numbers: [] }]);
  for (const word of ["anna", "ann"]) {
    const filter: EntryFilter = { kind: "name", words: [word] };
    assert.equal(strategy(filter, [x.id, y.id], db), "split", word);
    const reference = expected((c) => new RegExp(`\\b${word}`, "i").test(c.display_name!), [], people);
    const first = directoryPage(db, new DirectorySearchCache(), { sourceIds: [x.id, y.id], filter, limit: 32 });
    assert.equal(first.capped, false, word);
    assert.equal(first.total, reference.length, word);
    const { forward, backward } = walk(filter, [x.id, y.id], db);
    assert.deepEqual(forward, reference, word);
    assert.deepEqual(backward, forward, word);
  }
});

test("a word that begins another searched word finds nothing more nor less (why the directory's search drops it)", () => {
  const both = walk({ kind: "name", words: ["otto", "ot"] }, [a.id, b.id]).forward;
  assert.ok(both.length > 32);
  assert.deepEqual(both, walk({ kind: "name", words: ["otto"] }, [a.id, b.id]).forward);
});

test("a digit search over every source takes its total from the matches; over some of them it counts", (t) => {
  const db = openDatabase(":memory:");
  t.after(() => db.close());
  const x = sourceWith(db, "X", Array.from({ length: 30 }, (_, i) => ({ display_name: `Xaver ${i}`, numbers: [tel("work", `+49 30 777 1${i}`), tel("home", "+49 89 1")] })));
  const y = sourceWith(db, "Y", Array.from({ length: 10 }, (_, i) => ({ display_name: `Yara ${i}`, numbers: [tel("work", `+49 30 777 2${i}`)] })));
  const counts: string[] = [];
  onEachQuery(db, (sql) => /count\(\*\) FROM (json_each|directory_entries)/.test(sql) && counts.push(sql));
  const filter: EntryFilter = { kind: "digits", alternatives: ["777"] };
  const page = (sourceIds: number[]) => directoryPage(db, new DirectorySearchCache(), { sourceIds, filter, limit: 32 });
  const both = page([x.id, y.id]);
  assert.deepEqual([both.total, both.capped, both.entries.length, both.more], [40, false, 32, true]);
  assert.deepEqual(counts, [], "nothing counted: the 40 matches are the total");
  assert.equal(page([x.id]).total, 30);
  assert.equal(page([y.id]).total, 10);
  assert.equal(counts.length, 2, "one count for each page over a part of the book");
  assert.deepEqual(walk(filter, [x.id, y.id], db).forward, [...Array.from({ length: 30 }, (_, i) => `Xaver ${i}/0`), ...Array.from({ length: 10 }, (_, i) => `Yara ${i}/0`)].sort());
});
