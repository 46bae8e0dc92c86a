// The contacts of contact sources, with their numbers. Numbers arrive already normalized and names already
// folded (core/contacts); the sources themselves are db/contact-sources.ts.
import { nowIso, statements, type Db } from "./open.ts";

export interface StoredNumber {
  type: string;
  label: string;
  number: string;
  normalized: string;
}

export interface StoredContact {
  external_id: string;
  display_name: string;
  given_name: string;
  family_name: string;
  company: string;
  emails: { address: string; label: string }[];
  addresses: { label: string; street?: string; city?: string; region?: string; postal_code?: string; country?: string }[];
  birthday: string | null;
  note: string;
  search_name: string;
  modified_at: string | null;
  numbers: StoredNumber[];
}

export interface ContactRow extends Omit<StoredContact, "numbers"> {
  id: number;
  source_id: number;
  updated_at: string;
  numbers: (StoredNumber & { position: number })[];
}

const q = statements((db) => ({
  upsertContact: db.prepare(`INSERT INTO contacts (source_id, external_id, display_name, given_name, family_name, company,
      emails, addresses, birthday, note, search_name, modified_at, updated_at)
    VALUES (@source_id, @external_id, @display_name, @given_name, @family_name, @company,
      @emails, @addresses, @birthday, @note, @search_name, @modified_at, @now)
    ON CONFLICT (source_id, external_id) DO UPDATE SET display_name = excluded.display_name,
      given_name = excluded.given_name, family_name = excluded.family_name, company = excluded.company,
      emails = excluded.emails, addresses = excluded.addresses, birthday = excluded.birthday, note = excluded.note,
      search_name = excluded.search_name, modified_at = excluded.modified_at, updated_at = excluded.updated_at
    RETURNING id`),
  deleteNumbers: db.prepare("DELETE FROM contact_numbers WHERE contact_id = ?"),
  insertNumber: db.prepare(`INSERT INTO contact_numbers (contact_id, position, type, label, number, normalized)
    VALUES (?, ?, ?, ?, ?, ?)`),
  deleteContact: db.prepare("DELETE FROM contacts WHERE source_id = ? AND external_id = ?"),
  externalIds: db.prepare("SELECT external_id FROM contacts WHERE source_id = ?").pluck(),
  countContacts: db.prepare("SELECT count(*) FROM contacts WHERE source_id = ?").pluck(),
  setCount: db.prepare("UPDATE contact_sources SET contact_count = ?, updated_at = ? WHERE id = ?"),
  numbersOf: db.prepare("SELECT position, type, label, number, normalized FROM contact_numbers WHERE contact_id = ? ORDER BY position"),
  // The source ids arrive as a JSON array, so one statement serves any number of sources.
  list: db.prepare(`SELECT * FROM contacts WHERE source_id IN (SELECT value FROM json_each(?))
    ORDER BY display_name COLLATE NOCASE, id LIMIT ? OFFSET ?`),
}));

function writeContact(db: Db, sourceId: number, c: StoredContact, now: string): void {
  const s = q(db);
  const { id } = s.upsertContact.get({
    ...c, source_id: sourceId, emails: JSON.stringify(c.emails), addresses: JSON.stringify(c.addresses), now,
  }) as { id: number };
  s.deleteNumbers.run(id);
  c.numbers.forEach((n, i) => s.insertNumber.run(id, i, n.type, n.label, n.number, n.normalized));
}

/**
 * A full sync: afterwards the source holds exactly `contacts` (upserted by external_id; the rest deleted).
 * One transaction, so readers see the old book or the new one, never half.
 */
export function replaceContacts(db: Db, sourceId: number, contacts: StoredContact[]): { upserted: number; deleted: number } {
  return db.transaction(() => {
    const s = q(db);
    const now = nowIso();
    const keep = new Set(contacts.map((c) => c.external_id));
    let deleted = 0;
    for (const ext of s.externalIds.all(sourceId) as string[]) {
      if (!keep.has(ext)) deleted += s.deleteContact.run(sourceId, ext).changes;
    }
    for (const c of contacts) writeContact(db, sourceId, c, now);
    s.setCount.run(s.countContacts.get(sourceId), now, sourceId);
    return { upserted: contacts.length, deleted };
  })();
}

/** An incremental sync (e.g. a Graph delta page): upserts and deletions in one transaction. */
export function applyContactChanges(db: Db, sourceId: number, upserts: StoredContact[], deletedExternalIds: string[]): void {
  db.transaction(() => {
    const s = q(db);
    const now = nowIso();
    for (const ext of deletedExternalIds) s.deleteContact.run(sourceId, ext);
    for (const c of upserts) writeContact(db, sourceId, c, now);
    s.setCount.run(s.countContacts.get(sourceId), now, sourceId);
  })();
}

/** Contacts of the given sources ordered by name, with their numbers. */
export function listContacts(db: Db, sourceIds: number[], offset = 0, limit = 1000): ContactRow[] {
  if (sourceIds.length === 0) return [];
  const rows = q(db).list.all(JSON.stringify(sourceIds), limit, offset) as (Omit<ContactRow, "numbers" | "emails" | "addresses"> & { emails: string; addresses: string })[];
  return rows.map((r) => ({
    ...r,
    emails: JSON.parse(r.emails),
    addresses: JSON.parse(r.addresses),
    numbers: q(db).numbersOf.all(r.id) as ContactRow["numbers"],
  }));
}
