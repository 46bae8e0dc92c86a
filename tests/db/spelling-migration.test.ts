// Contacts stored before migration 011 were folded without the other German spelling: the migration brings their
// search names, name index and sort names up to what a sync stores today, so an upgrade finds "mueller" at once.
import assert from "node:assert/strict";
import { test } from "node:test";
import { storedContact } from "../fixtures/contacts.ts";
import { openDatabase } from "../../db/open.ts";
import { databaseAtVersion } from "../helpers/migrations.ts";


test("migration 011 gives contacts stored before it both spellings, in the name index and the sort names", (t) => {
  const { path, before } = databaseAtVersion(t, 10);
  // The rows as the fold before 011 wrote them.
  before.exec(`
    INSERT INTO contact_sources (id, key, provider, created_at, updated_at) VALUES (1, 'book', 'fritzbox', 'x', 'x');
    INSERT INTO contacts (id, source_id, external_id, display_name, given_name, family_name, company, search_name, updated_at) VALUES
      (1, 1, 'a', 'Anna Müller', '', '', '', 'anna muller', 'x'),
      (2, 1, 'b', 'Bernd Mueller', 'Bernd', 'Mueller', 'Straße AG', 'bernd mueller strasse ag', 'x'),
      (3, 1, 'c', 'Carla Yilmaz', '', '', '', 'carla yilmaz', 'x');
    INSERT INTO contact_numbers (contact_id, position, type, label, number, normalized) VALUES
      (1, 0, 'mobile', 'Mobile', '+49 170 1', '491701'), (2, 0, 'mobile', 'Mobile', '+49 170 2', '491702');`);
  before.close();

  const db = openDatabase(path);
  t.after(() => db.close());
  const names = db.prepare("SELECT id, search_name FROM contacts ORDER BY id").all() as { id: number; search_name: string }[];
  const today = [
    storedContact({ display_name: "Anna Müller" }, 0),
    storedContact({ display_name: "Bernd Mueller", given_name: "Bernd", family_name: "Mueller", company: "Straße AG" }, 1),
    storedContact({ display_name: "Carla Yilmaz" }, 2),
  ];
  assert.deepEqual(names.map((n) => n.search_name), today.map((c) => c.search_name), "what a sync stores today");
  assert.equal(names[0].search_name, "anna muller mueller");
  const match = (q: string) => db.prepare("SELECT rowid FROM contact_name_search WHERE contact_name_search MATCH ? ORDER BY rowid").pluck().all(q);
  assert.deepEqual(match('"mueller"*'), [1, 2]);
  assert.deepEqual(match('"muller"*'), [1, 2]);
  assert.deepEqual(match('"anna"*'), [1], "the old words are still indexed");
  const sortNames = db.prepare("SELECT contact_id, sort_name FROM directory_entries ORDER BY contact_id").all();
  assert.deepEqual(sortNames, [{ contact_id: 1, sort_name: today[0].search_name }, { contact_id: 2, sort_name: today[1].search_name }]);
});
