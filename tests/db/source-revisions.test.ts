// Migration 022: a source's stamp (creation time and revision) changes with every write to its contacts and is
// never one an earlier state had, so a cache keyed by it (the directory's plans and orders) cannot mistake a
// changed book for the one it read.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createSource, deleteSource } from "../../db/contact-sources.ts";
import { bulkLoadContacts } from "../../db/contacts-bulk.ts";
import { applyContactChanges, replaceContacts } from "../../db/contacts.ts";
import { SOURCE_STAMP_SQL } from "../../db/directory-order.ts";
import { nowIso, openDatabase, type Db } from "../../db/open.ts";
import { storedContact, tel } from "../fixtures/contacts.ts";
import { databaseAtVersion } from "../helpers/migrations.ts";

const stamp = (db: Db, id: number) => db.prepare(SOURCE_STAMP_SQL).pluck().get(id) as string;

test("migration 022: a source stored before it is counted up from there", (t) => {
  const { path, before } = databaseAtVersion(t, 21);
  before.exec("INSERT INTO contact_sources (id, key, provider, created_at, updated_at) VALUES (1, 'a', 'fritzbox', 'x', 'x')");
  before.close();
  const db = openDatabase(path);
  t.after(() => db.close());
  const old = stamp(db, 1);
  replaceContacts(db, 1, []);
  assert.notEqual(stamp(db, 1), old);
});

test("every write to a source's contacts gives it a stamp it never had, one that keeps the count at once included", (t) => {
  const db = openDatabase(":memory:");
  t.after(() => db.close());
  const a = createSource(db, { key: "a", provider: "fritzbox" });
  const anna = (name: string) => storedContact({ display_name: name, numbers: [tel("work", "030 1")] }, 0);
  const seen = new Set([stamp(db, a.id)]);
  const wrote = (what: string) => {
    const now = stamp(db, a.id);
    assert.ok(!seen.has(now), `${what}: ${now} again`);
    seen.add(now);
  };
  bulkLoadContacts(db, a.id, [[storedContact({ display_name: "Bernd", numbers: [] }, 1)]]);
  wrote("a bulk load (the benchmarks', into an empty book)");
  replaceContacts(db, a.id, [anna("Anna")]);
  wrote("a full sync");
  // The same count, written straight after: updated_at alone may stay the same (one millisecond).
  replaceContacts(db, a.id, [anna("Anne")]);
  wrote("a rename that keeps the count");
  applyContactChanges(db, a.id, [anna("Annette")], []);
  wrote("a delta");
  deleteSource(db, a.id);
  // A later millisecond than the deleted one's creation (as any real source is), which tells them apart.
  while (nowIso() === a.created_at) continue;
  const again = createSource(db, { key: "a2", provider: "fritzbox" });
  assert.equal(again.id, a.id, "SQLite gave the deleted source's id to the new one");
  replaceContacts(db, again.id, [anna("Anna")]);
  assert.equal(stamp(db, again.id).endsWith("/1"), true);
  wrote("a new source under the old id, written to once");
});
