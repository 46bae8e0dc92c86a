// A big source's directory order in memory (db/directory-order.ts) answers driven searches: its pages and totals
// must be the index's, forward and back, over several sources, and a write to a source must never let a stale
// order answer.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { directoryPage, DirectorySearchCache, type DirectoryPage, type EntryFilter } from "../../db/contact-search.ts";
import { deleteSource } from "../../db/contact-sources.ts";
import { applyContactChanges, replaceContacts } from "../../db/contacts.ts";
import { openDatabase, type Db } from "../../db/open.ts";
import { withOrders } from "../helpers/directory-orders.ts";
import { seededRandom } from "../helpers/fuzz.ts";
import { sourceWith, storedContact, tel, type FixtureContact } from "../fixtures/contacts.ts";

const GIVEN = ["Anna", "Annabel", "Ann", "Bernd", "Carla", "Hanna", "Otto"];
const FAMILY = ["Otto", "Berg", "Bergmann", "Anders", "Ziegler", "Hoff"];

/**
 * Two sources of names that repeat (ties broken by contact id), zero to three numbers each, in a file a worker can
 * open; `people` are the first source's contacts, in the order stored (contact i has external id ext-i).
 */
function book(t: TestContext, people: number): { db: Db; ids: number[]; people: FixtureContact[] } {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-order-"));
  const db = openDatabase(join(dir, "s.sqlite"));
  t.after(() => (db.close(), rmSync(dir, { recursive: true, force: true })));
  const random = seededRandom(7);
  const list: FixtureContact[] = Array.from({ length: people }, (_, i) => ({
    display_name: `${GIVEN[Math.floor(random() * GIVEN.length)]} ${FAMILY[Math.floor(random() * FAMILY.length)]}`,
    numbers: Array.from({ length: Math.floor(random() * 4) }, (_, k) => tel(["mobile", "work", "home"][k], `+49 30 ${5550000 + i * 3 + k}`)),
  }));
  const first = list.filter((_, i) => i % 4 !== 0);
  const x = sourceWith(db, "X", first);
  const y = sourceWith(db, "Y", list.filter((_, i) => i % 4 === 0));
  return { db, ids: [x.id, y.id], people: first };
}

const label = (p: DirectoryPage) => p.entries.map((e) => `${e.display_name}#${e.contact_id}/${e.position}`);

/** Every page of a search, walked forward to the end and back to the start, with each page's total. */
function walk(db: Db, cache: DirectorySearchCache, sourceIds: number[], filter: EntryFilter): string[] {
  const seen: string[] = [];
  let page = directoryPage(db, cache, { sourceIds, filter, limit: 7 });
  seen.push(`total ${page.total}${page.capped ? "+" : ""}`, ...label(page));
  // A page that does not move on past its cursor would walk forever: a walk is longer than the book only then.
  const tooLong = () => assert.ok(seen.length < 20_000, "the pages do not move on");
  while (page.more) {
    tooLong();
    const last = page.entries.at(-1)!;
    page = directoryPage(db, cache, { sourceIds, filter, limit: 7, after: { sortName: last.sort_name, contactId: last.contact_id, position: last.position } });
    seen.push(`total ${page.total}`, ...label(page));
  }
  while (page.entries.length) {
    tooLong();
    const first = page.entries[0];
    page = directoryPage(db, cache, { sourceIds, filter, limit: 7, before: { sortName: first.sort_name, contactId: first.contact_id, position: first.position } });
    seen.push(`back, total ${page.total}`, ...label(page));
  }
  return seen;
}

// Driven by a few matches, by a digit string, by two words; and a counted split (one word most names start with).
const FILTERS: EntryFilter[] = [
  { kind: "name", words: ["bergm"] },
  { kind: "name", words: ["ann"] },
  { kind: "name", words: ["hanna", "ho"] },
  { kind: "name", words: ["otto"] },
  { kind: "digits", alternatives: ["555001", "49305550"] },
  { kind: "digits", alternatives: ["5550"] },
];


test("pages and totals from the orders in memory are the index's, forward and back, one source and two merged", async (t) => {
  const { db, ids } = book(t, 1200);
  const ordered = await withOrders(db, t);
  // Only the first source (900 contacts) is big enough for an order: name searches over both take the index's
  // strategies, whose matched contacts in that source come from its order.
  const firstOrdered = await withOrders(db, t, 500);
  // Many matches that mostly start with the word: a counted split, unless every source's words are in memory.
  const ann: EntryFilter = { kind: "name", words: ["ann"] };
  assert.equal(new DirectorySearchCache(Infinity).plan(db, ann, ids).strategy.kind, "split");
  assert.equal(ordered.plan(db, ann, ids).strategy.kind, "words");
  assert.equal(firstOrdered.plan(db, ann, ids).strategy.kind, "split");
  for (const filter of FILTERS) {
    const searches: [DirectorySearchCache, number[]][] = [[ordered, ids], [ordered, [ids[0]]], [firstOrdered, ids]];
    for (const [cache, sourceIds] of searches) {
      const before = cache.orderedPages;
      assert.deepEqual(walk(db, cache, sourceIds, filter), walk(db, new DirectorySearchCache(Infinity), sourceIds, filter), JSON.stringify(filter));
      assert.ok(cache.orderedPages > before, `${JSON.stringify(filter)}: answered from the orders`);
    }
  }
});

test("after a write to a source its stale order never answers: the index does until the new order is in, with the same pages", async (t) => {
  const { db, ids, people } = book(t, 800);
  const ordered = await withOrders(db, t);
  const filter: EntryFilter = { kind: "name", words: ["ann"] };
  const cursorOf = (p: DirectoryPage) => ({ sortName: p.entries.at(-1)!.sort_name, contactId: p.entries.at(-1)!.contact_id, position: p.entries.at(-1)!.position });
  const held = directoryPage(db, ordered, { sourceIds: ids, filter, limit: 7 });
  // A rename that moves a contact to the front, a deletion of the cursor's contact, a new contact: the count stays.
  const renamed = people.findIndex((p) => p.display_name!.startsWith("Otto"));
  const gone = people.findIndex((p) => p.display_name === held.entries.at(-1)!.display_name && p.numbers!.length > 0);
  const changes = [storedContact({ ...people[renamed], display_name: "Aaron Ann" }, renamed), storedContact({ display_name: "Ann New", numbers: [tel("work", "+49 30 777")] }, 90_000)];
  applyContactChanges(db, ids[0], changes, [storedContact(people[gone], gone).external_id]);
  const index = new DirectorySearchCache(Infinity);
  for (const sourceIds of [[ids[0]], ids]) {
    const pagesBefore = ordered.orderedPages;
    for (const r of [{}, { after: cursorOf(held) }, { before: cursorOf(held) }]) {
      assert.deepEqual(label(directoryPage(db, ordered, { sourceIds, filter, limit: 7, ...r })), label(directoryPage(db, index, { sourceIds, filter, limit: 7, ...r })));
    }
    // The other source was not written to: its order still answers for it.
    assert.equal(ordered.orderedPages - pagesBefore, sourceIds.length === 1 ? 0 : 3, "no page came from the order read before the write");
  }
  const pagesBefore = ordered.orderedPages;
  await ordered.settled();
  assert.deepEqual(walk(db, ordered, ids, filter), walk(db, index, ids, filter));
  assert.ok(ordered.orderedPages > pagesBefore, "the order read after the write answers");
  assert.equal(ordered.ordersHeld().count, 2);

  // A deleted source's order is let go when the next one is read.
  deleteSource(db, ids[1]);
  applyContactChanges(db, ids[0], [storedContact({ display_name: "Ann Newer", numbers: [tel("work", "+49 30 778")] }, 90_001)], []);
  directoryPage(db, ordered, { sourceIds: [ids[0]], filter, limit: 7 });
  await ordered.settled();
  assert.equal(ordered.ordersHeld().count, 1);

  // A book that shrinks below the size for an order lets its old one go at its next search.
  replaceContacts(db, ids[0], []);
  directoryPage(db, ordered, { sourceIds: [ids[0]], filter, limit: 7 });
  assert.equal(ordered.ordersHeld().count, 0);
});

test("small sources and in-memory databases keep no order; an order that cannot be read leaves the index to answer", async (t) => {
  const { db, ids } = book(t, 200);
  const small = await withOrders(db, t, 1000);
  directoryPage(db, small, { sourceIds: ids, filter: { kind: "name", words: ["ann"] }, limit: 7 });
  assert.equal(small.orderedPages, 0);

  const memory = openDatabase(":memory:");
  t.after(() => memory.close());
  const m = sourceWith(memory, "M", [{ display_name: "Anna", numbers: [tel("work", "030 1")] }]);
  const cache = await withOrders(memory, t);
  assert.equal(directoryPage(memory, cache, { sourceIds: [m.id], filter: { kind: "name", words: ["ann"] }, limit: 7 }).total, 1);
  assert.equal(cache.orderedPages, 0);

  // A contact id beyond 32 bits: the worker refuses the order, and the pages still come out right.
  db.exec(`INSERT INTO contacts (id, source_id, external_id, display_name, search_name, updated_at) VALUES (3000000000, ${ids[1]}, 'big', 'Ann Big', 'ann big', 'x')`);
  db.exec("INSERT INTO contact_numbers (contact_id, position, type, label, number, normalized) VALUES (3000000000, 0, 'work', 'Work', '+49 30 1', '49301')");
  db.prepare("UPDATE contact_sources SET revision = revision + 1000 WHERE id = ?").run(ids[1]);
  const refused = await withOrders(db, t);
  const filter: EntryFilter = { kind: "name", words: ["ann"] };
  assert.deepEqual(walk(db, refused, [ids[1]], filter), walk(db, new DirectorySearchCache(Infinity), [ids[1]], filter));
  assert.equal(refused.orderedPages, 0);
  assert.ok(walk(db, refused, ids, filter).includes("Ann Big#3000000000/0"));
});
