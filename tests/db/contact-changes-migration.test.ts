// Contacts stored before migration 017 are in the address books at once: the migration gives each a row in the
// change log with the UID /vcard has always given it, and their first sync afterwards records them changed once.
import assert from "node:assert/strict";
import { test } from "node:test";
import { contactUid } from "../../core/contacts/vcard.ts";
import { latestContactChange, presentContacts } from "../../db/contact-changes.ts";
import { replaceContacts } from "../../db/contacts.ts";
import { openDatabase } from "../../db/open.ts";
import { databaseAtVersion } from "../helpers/migrations.ts";
import { storedContact } from "../fixtures/contacts.ts";

test("migration 017 lists stored contacts under their /vcard UIDs; their next sync changes them once, the one after not", (t) => {
  const { path, before } = databaseAtVersion(t, 16);
  before.exec(`
    INSERT INTO contact_sources (id, key, provider, created_at, updated_at) VALUES (1, 'old-book', 'fritzbox', 'x', 'x');
    INSERT INTO contacts (source_id, external_id, display_name, search_name, updated_at) VALUES (1, 'ext-0', 'Anna', 'anna', '2020-01-01T00:00:00Z');
    INSERT INTO contacts (source_id, external_id, display_name, search_name, updated_at) VALUES (1, 'ext-1', 'Ben', 'ben', '2020-01-01T00:00:00Z');`);
  before.close();

  const db = openDatabase(path);
  t.after(() => db.close());
  assert.deepEqual(presentContacts(db, [1]).map((c) => c.uid), [contactUid("old-book", "ext-0"), contactUid("old-book", "ext-1")]);
  const migrated = latestContactChange(db, [1]);
  const contacts = [storedContact({ display_name: "Anna" }, 0), storedContact({ display_name: "Ben" }, 1)];
  replaceContacts(db, 1, contacts);
  assert.ok(latestContactChange(db, [1]) > migrated, "stored before 017 without a content hash: changed once");
  const synced = latestContactChange(db, [1]);
  replaceContacts(db, 1, contacts);
  assert.equal(latestContactChange(db, [1]), synced, "then unchanged is unchanged");
});
