// Migration 021 rebuilds the name search index with prefixes of up to six letters: contacts stored before it are
// found as before, and the triggers of migration 005 keep the new index in step with later changes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { openDatabase } from "../../db/open.ts";
import { databaseAtVersion } from "../helpers/migrations.ts";

test("migration 021: contacts stored before it are found by every prefix length, and later edits keep the index in step", (t) => {
  const { path, before } = databaseAtVersion(t, 20);
  before.exec(`
    INSERT INTO contact_sources (id, key, provider, created_at, updated_at) VALUES (1, 'book', 'fritzbox', 'x', 'x');
    INSERT INTO contacts (id, source_id, external_id, display_name, search_name, updated_at) VALUES (1, 1, 'a', 'Anna Krause', 'anna krause', 'x');
    INSERT INTO contacts (id, source_id, external_id, display_name, search_name, updated_at) VALUES (2, 1, 'b', 'Bernd Kraus', 'bernd kraus', 'x');`);
  before.close();

  const db = openDatabase(path);
  t.after(() => db.close());
  const match = (q: string) => db.prepare("SELECT rowid FROM contact_name_search WHERE contact_name_search MATCH ? ORDER BY rowid").pluck().all(q);
  const options = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'contact_name_search'").pluck().get() as string;
  assert.match(options, /prefix = '1 2 3 4 5 6'/, "prefixes of up to six letters come from the index");
  for (const [q, ids] of [['"k"*', [1, 2]], ['"kra"*', [1, 2]], ['"krau"*', [1, 2]], ['"kraus"*', [1, 2]], ['"krause"*', [1]], ['"krausen"*', []], ['"anna"* AND "krau"*', [1]]] as const) {
    assert.deepEqual(match(q), ids, q);
  }
  db.exec("UPDATE contacts SET search_name = 'bernd krausel' WHERE id = 2");
  db.exec("INSERT INTO contacts (id, source_id, external_id, display_name, search_name, updated_at) VALUES (3, 1, 'c', 'Carla Krauss', 'carla krauss', 'x')");
  db.exec("DELETE FROM contacts WHERE id = 1");
  assert.deepEqual(match('"kraus"*'), [2, 3]);
  assert.deepEqual(match('"krause"*'), [2], "an edited name is found by its new prefix only");
  assert.deepEqual(match('"anna"*'), [], "a deleted contact is gone from the index");
  // FTS5's own check of the index against the contacts table: it throws when they disagree.
  assert.doesNotThrow(() => db.exec("INSERT INTO contact_name_search (contact_name_search, rank) VALUES ('integrity-check', 1)"));
});
