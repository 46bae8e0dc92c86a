// The three ways a search is answered (driven, split, ordered walk) must give the same pages as a plain sort.
import assert from "node:assert/strict";
import { test } from "node:test";
import { directoryPage, DirectorySearchCache, DRIVE_LIMIT, type EntryFilter } from "../../db/contact-search.ts";
import { openDatabase } from "../../db/open.ts";
import { sourceWith, type FixtureContact } from "../fixtures/contacts.ts";

const db = openDatabase(":memory:");
const contacts: FixtureContact[] = [];
for (let i = 0; i < DRIVE_LIMIT + 300; i++) contacts.push({ name: `Otto ${String(i).padStart(5, "0")}`, numbers: [["Mobile", `+49 170 ${100000 + i}`]] });
for (let i = 0; i < 40; i++) contacts.push({ name: `Anna Otto ${i}`, numbers: [["Work", `030 555 ${i}`], ["Mobile", `+49 171 ${i}`]] });
for (let i = 0; i < 40; i++) contacts.push({ name: `Zora ${i}`, numbers: [["Home", `089 ${i}`]] });
const a = sourceWith(db, "A", contacts);
const b = sourceWith(db, "B", [{ name: "Otto Second", numbers: [["Work", "+49 170 999"]] }, { name: "Berta", numbers: [] }]);

/** Every entry a filter finds, walking the pages forward; and the same walked backward from the end. */
function walk(filter: EntryFilter, sourceIds: number[]): { forward: string[]; backward: string[] } {
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

const expected = (pred: (c: FixtureContact) => boolean, extra: FixtureContact[] = []) =>
  [...contacts, ...extra].filter(pred)
    .flatMap((c) => (c.numbers ?? []).map((_, i) => ({ key: c.name.toLowerCase(), label: `${c.name}/${i}` })))
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
    .map((x) => x.label);

test("a broad name search (split: names starting with the word plus the few others) pages like a sort", () => {
  const filter: EntryFilter = { kind: "name", words: ["otto"] };
  const first = directoryPage(db, new DirectorySearchCache(), { sourceIds: [a.id], filter, limit: 32 });
  assert.equal(first.capped, true);
  const { forward, backward } = walk(filter, [a.id]);
  assert.deepEqual(forward, expected((c) => /\botto\b/i.test(c.name)));
  assert.deepEqual(backward, forward);
});

test("a name search dense everywhere walks the ordered index; two sources are merged in order", () => {
  const filter: EntryFilter = { kind: "name", words: ["o"] };
  const { forward } = walk(filter, [a.id, b.id]);
  assert.deepEqual(forward, expected((c) => /\bo/i.test(c.name), [{ name: "Otto Second", numbers: [["Work", "x"]] }]));
});

test("a broad digit search walks the index with a substring test", () => {
  const filter: EntryFilter = { kind: "digits", alternatives: ["170", "49170"] };
  const first = directoryPage(db, new DirectorySearchCache(), { sourceIds: [a.id, b.id], filter, limit: 32 });
  assert.equal(first.capped, true);
  assert.equal(first.entries.length, 32);
  const { forward, backward } = walk(filter, [a.id, b.id]);
  assert.equal(forward.length, DRIVE_LIMIT + 300 + 1);
  assert.deepEqual(backward, forward);
});

test("a narrow search is counted exactly", () => {
  const page = directoryPage(db, new DirectorySearchCache(), { sourceIds: [a.id], filter: { kind: "name", words: ["anna"] }, limit: 32 });
  assert.equal(page.total, 80);
  assert.equal(page.capped, false);
  assert.equal(page.more, true);
});
