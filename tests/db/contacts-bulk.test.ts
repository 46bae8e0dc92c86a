// The benchmarks' bulk load (db/contacts-bulk.ts) must leave the database a sync would have written: same rows,
// same search indexes, and triggers and indexes back in place for the syncs that follow.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_DIAL_PLAN } from "../../core/contacts/normalize.ts";
import { createSource } from "../../db/contact-sources.ts";
import { directoryPage, DirectorySearchCache } from "../../db/contact-search.ts";
import { applyContactChanges, replaceContacts } from "../../db/contacts.ts";
import { bulkLoadContacts } from "../../db/contacts-bulk.ts";
import { openDatabase, type Db } from "../../db/open.ts";
import { storedContact, tel, type FixtureContact } from "../fixtures/contacts.ts";

const people: FixtureContact[] = Array.from({ length: 300 }, (_, i) => ({
  display_name: `${["Jörg", "Anna", "Zoë"][i % 3]} ${["Müller", "Mueller", "Schmidt", "O'Brien"][i % 4]} ${i}`,
  company: i % 5 === 0 ? "Bäckerei Krause" : "",
  numbers: [tel("mobile", `+49 170 ${1000000 + i}`), ...(i % 2 ? [tel("work", `030 555 ${i}`)] : [])],
}));
const stored = people.map((c, i) => storedContact(c, i, DEFAULT_DIAL_PLAN));

function loaded(how: "importer" | "bulk"): { db: Db; sourceId: number } {
  const db = openDatabase(":memory:");
  const sourceId = createSource(db, { key: "office", provider: "fritzbox" }).id;
  if (how === "importer") replaceContacts(db, sourceId, stored);
  else bulkLoadContacts(db, sourceId, [stored.slice(0, 120), stored.slice(120)]);
  return { db, sourceId };
}

function readBack({ db, sourceId }: { db: Db; sourceId: number }): unknown {
  const rows = (sql: string) => db.prepare(sql).raw().all();
  const search = (text: string, kind: "name" | "digits") =>
    directoryPage(db, new DirectorySearchCache(), { sourceIds: [sourceId], filter: kind === "name" ? { kind, words: text.split(" ") } : { kind, alternatives: [text] }, limit: 32 });
  return {
    contacts: rows("SELECT id, source_id, external_id, display_name, given_name, family_name, company, emails, addresses, birthday, note, search_name, modified_at FROM contacts ORDER BY id"),
    numbers: rows("SELECT * FROM contact_numbers ORDER BY id"),
    entries: rows("SELECT * FROM directory_entries ORDER BY number_id"),
    count: rows("SELECT contact_count FROM contact_sources"),
    names: rows("SELECT rowid FROM contact_name_search WHERE contact_name_search MATCH 'muell* OR zo*' ORDER BY rowid"),
    digits: rows("SELECT rowid FROM contact_number_search WHERE contact_number_search MATCH '\"1000012\"' ORDER BY rowid"),
    schema: rows("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('trigger', 'index') ORDER BY name"),
    pages: [search("mul", "name"), search("jor sch", "name"), search("55512", "digits")],
  };
}

test("bulk-loaded contacts read back exactly as the importer's: rows, search indexes, pages, schema", () => {
  const importer = loaded("importer");
  const bulk = loaded("bulk");
  try {
    assert.deepEqual(readBack(bulk), readBack(importer));
  } finally {
    importer.db.close();
    bulk.db.close();
  }
});

test("after a bulk load a sync's changes still reach the search index (the triggers are back)", () => {
  const { db, sourceId } = loaded("bulk");
  try {
    applyContactChanges(db, sourceId, [storedContact({ display_name: "Quirin Zwack", numbers: [tel("mobile", "+49 160 4242424")] }, 5)], []);
    const page = directoryPage(db, new DirectorySearchCache(), { sourceIds: [sourceId], filter: { kind: "name", words: ["zwack"] }, limit: 32 });
    assert.deepEqual(page.entries.map((e) => e.number), ["+49 160 4242424"]);
  } finally {
    db.close();
  }
});

test("a bulk load refuses a database that already holds contacts", () => {
  const { db, sourceId } = loaded("importer");
  try {
    assert.throws(() => bulkLoadContacts(db, sourceId, [stored]), /empty contacts table/);
  } finally {
    db.close();
  }
});
