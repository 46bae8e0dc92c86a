// Numbers written "+49 (0)160 1112223" were stored before migration 012 with the bracketed 0 in their normalized
// digits, so the caller 01601112223 went unrecognised: the migration gives them the digits a sync stores today, in
// the directory (and its number index) and in Contact Sync's smart-contact numbers.
import assert from "node:assert/strict";
import { test } from "node:test";
import { normalizeNumber } from "../../core/contacts/normalize.ts";
import { openDatabase } from "../../db/open.ts";
import { databaseAtVersion } from "../helpers/migrations.ts";


const WRITTEN = ["+49 (0)160 1112223", "+44(0)20 7946 0000", " +49 30 (0)1234", "+49 170 1234567", "030 (0)1234", "0049 (0)89 555", "+(0)30 1"];
/** Digits as the normaliser before 012 made them: every digit of a "+" number. */
const OLD = ["4901601112223", "4402079460000", "493001234", "491701234567", "493001234", "49089555", "0301"];

test("migration 012 takes the bracketed 0 out of stored + numbers, and only there", (t) => {
  const { path, before } = databaseAtVersion(t, 11);
  before.exec(`
    INSERT INTO contact_sources (id, key, provider, created_at, updated_at) VALUES (1, 'book', 'fritzbox', 'x', 'x');
    INSERT INTO contacts (id, source_id, external_id, display_name, search_name, updated_at) VALUES (1, 1, 'a', 'A', 'a', 'x');`);
  const insert = before.prepare("INSERT INTO contact_numbers (contact_id, position, type, label, number, normalized) VALUES (1, ?, 'mobile', 'Mobile', ?, ?)");
  WRITTEN.forEach((n, i) => insert.run(i, n, OLD[i]));
  before.close();

  const db = openDatabase(path);
  t.after(() => db.close());
  const normalized = db.prepare("SELECT normalized FROM contact_numbers ORDER BY position").pluck().all();
  assert.deepEqual(normalized, [
    normalizeNumber(WRITTEN[0]), normalizeNumber(WRITTEN[1]), normalizeNumber(WRITTEN[2]), OLD[3],
    OLD[4], OLD[5], OLD[6],
  ], "+ numbers as a sync normalizes them today; national and 00 numbers wait for the next sync");
  assert.deepEqual(normalized.slice(0, 3), ["491601112223", "442079460000", "49301234"]);
  const byNumber = (digits: string) => db.prepare("SELECT rowid FROM contact_number_search WHERE contact_number_search MATCH ?").pluck().all(`"${digits}"`).length;
  assert.equal(byNumber("491601112223"), 1, "the number index follows");
  assert.equal(byNumber("4901601112223"), 0);
  assert.equal(db.prepare("SELECT normalized FROM directory_entries WHERE position = 0").pluck().get(), "491601112223");
});

test("migration 012 corrects Contact Sync's numbers from the entries' uris", (t) => {
  const { path, before } = databaseAtVersion(t, 11);
  const contact = { contactId: "c", contactEntries: [
    { entryId: "tel:0", type: "tel", uri: "tel:+49 (0)160 1112223" },
    { entryId: "email:0", type: "email", uri: "a@example.com" },
    { entryId: "tel:1", type: "tel", uri: "+49 (0)30 1234" },
    { entryId: "tel:2", type: "tel", uri: "030 1234" },
  ] };
  before.exec(`INSERT INTO sync_devices (id, username, cloud_id, device_id, created_at, updated_at) VALUES (1, 'u@d', 'c', 'p', 'x', 'x')`);
  before.prepare("INSERT INTO sync_contacts (id, device, contact_id, checksum, contact, updated_at) VALUES (1, 1, 'c', '1', ?, 'x')").run(JSON.stringify(contact));
  before.exec(`INSERT INTO sync_contact_numbers (contact, position, number) VALUES (1, 0, '4901601112223'), (1, 2, '490301234'), (1, 3, '49301234')`);
  before.close();

  const db = openDatabase(path);
  t.after(() => db.close());
  assert.deepEqual(db.prepare("SELECT position, number FROM sync_contact_numbers ORDER BY position").all(), [
    { position: 0, number: "491601112223" }, { position: 2, number: "49301234" }, { position: 3, number: "49301234" },
  ]);
});
