// Bulk loading for the benchmarks (bench/ only): a million contacts through db/contacts.ts cost ~170 µs each,
// mostly the search-index triggers of migration 005 firing row by row. Here the rows go in with the two insert
// triggers dropped, and the indexes are filled once afterwards exactly as migration 005 fills them for contacts
// stored before it: the FTS 'rebuild' command and one INSERT…SELECT. The triggers are put back from their own
// stored text, so the file ends with the schema and rows the importer would have written.
import { nowIso, type Db } from "./open.ts";
import type { StoredContact } from "./contacts.ts";

const INSERT_TRIGGERS = ["contacts_search_insert", "contact_numbers_search_insert"];
const TABLES = ["contacts", "contact_numbers", "directory_entries"];

/**
 * Appends the batches' contacts to an empty source (ids in the order given, as one sync would assign them) and
 * returns how many numbers were stored. Each batch is its own transaction; the indexes are filled in the last one.
 * Only for a database nobody else is writing to: its triggers are missing while it runs.
 */
export function bulkLoadContacts(db: Db, sourceId: number, batches: Iterable<StoredContact[]>): number {
  if (db.prepare("SELECT count(*) FROM contacts").pluck().get() !== 0) throw new Error("bulkLoadContacts fills an empty contacts table only");
  const triggers = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${INSERT_TRIGGERS.map(() => "?").join(", ")})`).pluck().all(...INSERT_TRIGGERS) as string[];
  if (triggers.length !== INSERT_TRIGGERS.length) throw new Error("the search-index insert triggers of migration 005 are missing");
  // Indexes a UNIQUE constraint makes have no text (and cannot be dropped): they stay.
  const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${TABLES.map(() => "?").join(", ")})`).all(...TABLES) as { name: string; sql: string }[];
  const insertContact = db.prepare(`INSERT INTO contacts (source_id, external_id, display_name, given_name, family_name, company,
      emails, addresses, birthday, note, search_name, modified_at, updated_at)
    VALUES (@source_id, @external_id, @display_name, @given_name, @family_name, @company,
      @emails, @addresses, @birthday, @note, @search_name, @modified_at, @now)`);
  const insertNumber = db.prepare("INSERT INTO contact_numbers (contact_id, position, type, label, number, normalized) VALUES (?, ?, ?, ?, ?, ?)");
  const now = nowIso();
  let numbers = 0;
  db.transaction(() => {
    INSERT_TRIGGERS.forEach((name) => db.exec(`DROP TRIGGER ${name}`));
    indexes.forEach((i) => db.exec(`DROP INDEX ${i.name}`));
  })();
  try {
    for (const batch of batches) {
      db.transaction(() => {
        for (const c of batch) {
          const id = insertContact.run({ ...c, source_id: sourceId, emails: JSON.stringify(c.emails), addresses: JSON.stringify(c.addresses), now }).lastInsertRowid;
          c.numbers.forEach((n, i) => insertNumber.run(id, i, n.type, n.label, n.number, n.normalized));
          numbers += c.numbers.length;
        }
      })();
    }
  } finally {
    db.transaction(() => {
      db.exec(`INSERT INTO contact_name_search (contact_name_search) VALUES ('rebuild');
        INSERT INTO contact_number_search (contact_number_search) VALUES ('rebuild');
        INSERT INTO directory_entries (number_id, source_id, contact_id, position, sort_name, normalized)
          SELECT n.id, c.source_id, c.id, n.position, c.search_name, n.normalized FROM contact_numbers n JOIN contacts c ON c.id = n.contact_id;`);
      indexes.forEach((i) => db.exec(i.sql));
      triggers.forEach((sql) => db.exec(sql));
      db.prepare(`UPDATE contact_sources SET contact_count = (SELECT count(*) FROM contacts WHERE source_id = @id), updated_at = @now,
        revision = revision + 1 WHERE id = @id`).run({ id: sourceId, now });
    })();
  }
  return numbers;
}
