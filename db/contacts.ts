// The contacts of contact sources, with their numbers. Numbers arrive already normalized and names already
// folded (core/contacts); the sources themselves are db/contact-sources.ts. Every write that changes a contact
// (or deletes one) is logged in db/contact-changes.ts in the same transaction; a contact stored again unchanged
// is not written at all, so its ETag and updated_at stay.
import { createHash } from "node:crypto";
import { recordContactChange } from "./contact-changes.ts";
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

/** The columns of a contacts row. */
export type StoredContactColumns = Omit<ContactRow, "numbers" | "emails" | "addresses"> & { emails: string; addresses: string };

const q = statements((db) => ({
  upsertContact: db.prepare(`INSERT INTO contacts (source_id, external_id, display_name, given_name, family_name, company,
      emails, addresses, birthday, note, search_name, modified_at, updated_at, content_hash)
    VALUES (@source_id, @external_id, @display_name, @given_name, @family_name, @company,
      @emails, @addresses, @birthday, @note, @search_name, @modified_at, @now, @content_hash)
    ON CONFLICT (source_id, external_id) DO UPDATE SET display_name = excluded.display_name,
      given_name = excluded.given_name, family_name = excluded.family_name, company = excluded.company,
      emails = excluded.emails, addresses = excluded.addresses, birthday = excluded.birthday, note = excluded.note,
      search_name = excluded.search_name, modified_at = excluded.modified_at, updated_at = excluded.updated_at,
      content_hash = excluded.content_hash
    WHERE contacts.content_hash <> excluded.content_hash
    RETURNING id`),
  deleteNumbers: db.prepare("DELETE FROM contact_numbers WHERE contact_id = ?"),
  insertNumber: db.prepare(`INSERT INTO contact_numbers (contact_id, position, type, label, number, normalized)
    VALUES (?, ?, ?, ?, ?, ?)`),
  deleteContact: db.prepare("DELETE FROM contacts WHERE source_id = ? AND external_id = ?"),
  externalIds: db.prepare("SELECT external_id FROM contacts WHERE source_id = ?").pluck(),
  countContacts: db.prepare("SELECT count(*) FROM contacts WHERE source_id = ?").pluck(),
  setCount: db.prepare(`UPDATE contact_sources SET contact_count = ?, updated_at = ?, revision = revision + 1 WHERE id = ?`),
  numbersOf: db.prepare("SELECT position, type, label, number, normalized FROM contact_numbers WHERE contact_id = ? ORDER BY position"),
  // The source ids arrive as a JSON array, so one statement serves any number of sources.
  list: db.prepare(`SELECT * FROM contacts WHERE source_id IN (SELECT value FROM json_each(?))
    ORDER BY display_name COLLATE NOCASE, id LIMIT ? OFFSET ?`),
}));

/** Writes a contact unless it is stored exactly so already; then logs the change. */
function writeContact(db: Db, sourceId: number, c: StoredContact, now: string): void {
  const s = q(db);
  const contentHash = createHash("sha1").update(JSON.stringify(c)).digest("base64");
  const written = s.upsertContact.get({
    ...c, source_id: sourceId, emails: JSON.stringify(c.emails), addresses: JSON.stringify(c.addresses), now, content_hash: contentHash,
  }) as { id: number } | undefined;
  if (!written) return;
  s.deleteNumbers.run(written.id);
  c.numbers.forEach((n, i) => s.insertNumber.run(written.id, i, n.type, n.label, n.number, n.normalized));
  recordContactChange(db, sourceId, c.external_id, false, now);
}

function deleteContact(db: Db, sourceId: number, externalId: string, now: string): number {
  const changes = q(db).deleteContact.run(sourceId, externalId).changes;
  if (changes) recordContactChange(db, sourceId, externalId, true, now);
  return changes;
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
      if (!keep.has(ext)) deleted += deleteContact(db, sourceId, ext, now);
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
    for (const ext of deletedExternalIds) deleteContact(db, sourceId, ext, now);
    for (const c of upserts) writeContact(db, sourceId, c, now);
    s.setCount.run(s.countContacts.get(sourceId), now, sourceId);
  })();
}

/** Contacts of the given sources ordered by name, with their numbers. */
export function listContacts(db: Db, sourceIds: number[], offset = 0, limit = 1000): ContactRow[] {
  if (sourceIds.length === 0) return [];
  const rows = q(db).list.all(JSON.stringify(sourceIds), limit, offset) as StoredContactColumns[];
  return rows.map((r) => withNumbers(db, r));
}

/** A contacts row as read from SQLite (JSON columns as text, no numbers) made a ContactRow. */
export function withNumbers<R extends StoredContactColumns>(db: Db, r: R): Omit<R, "emails" | "addresses"> & ContactRow {
  return { ...r, emails: JSON.parse(r.emails), addresses: JSON.parse(r.addresses), numbers: q(db).numbersOf.all(r.id) as ContactRow["numbers"] };
}

/** A contact as an address book holds it: with its UID and the seq of its last change (the ETag). */
export type BookContact = ContactRow & { uid: string; seq: number };

const books = statements((db) => ({
  byUid: db.prepare(`SELECT c.*, ch.uid, ch.seq FROM contact_changes ch
    JOIN contacts c ON c.source_id = ch.source_id AND c.external_id = ch.external_id
    WHERE ch.uid = ? AND ch.deleted = 0 AND ch.source_id IN (SELECT value FROM json_each(?))`),
  page: db.prepare(`SELECT c.*, ch.uid, ch.seq FROM contact_changes ch
    JOIN contacts c ON c.source_id = ch.source_id AND c.external_id = ch.external_id
    WHERE ch.deleted = 0 AND ch.source_id IN (SELECT value FROM json_each(?)) AND ch.seq > ? ORDER BY ch.seq LIMIT ?`),
}));

/** The contact with this UID among the sources', if any. */
export function bookContactByUid(db: Db, sourceIds: number[], uid: string): BookContact | undefined {
  const row = books(db).byUid.get(uid, JSON.stringify(sourceIds)) as (StoredContactColumns & { uid: string; seq: number }) | undefined;
  return row && withNumbers(db, row);
}

/** The sources' contacts in change order, `limit` after the seq `after` (page on with the last one's seq); one source
 * at a time walks its index, several are sorted together on every page. */
export function bookContactsPage(db: Db, sourceIds: number[], after: number, limit: number): BookContact[] {
  const rows = books(db).page.all(JSON.stringify(sourceIds), after, limit) as (StoredContactColumns & { uid: string; seq: number })[];
  return rows.map((r) => withNumbers(db, r));
}
