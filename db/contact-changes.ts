// The contacts' change log (migration 017), what CardDAV clients sync by: one row per contact a source has held,
// its seq renewed on every change and on deletion (a tombstone). db/contacts.ts writes it in the transaction that
// changes the contact. Source ids arrive as a JSON array, so one statement serves a book of any number of sources.
import { statements, type Db } from "./open.ts";

/** A contact's place in the log: its UID, the seq of its last change (its ETag), and whether that was a deletion. */
export interface ContactChange {
  uid: string;
  seq: number;
  deleted: boolean;
}

const q = statements((db) => ({
  // OR REPLACE: the contact's previous row goes and the new one takes the next seq.
  record: db.prepare(`INSERT OR REPLACE INTO contact_changes (source_id, external_id, uid, deleted, changed_at)
    VALUES (@source_id, @external_id, name_uuid((SELECT key FROM contact_sources WHERE id = @source_id), @external_id), @deleted, @now)`),
  latest: db.prepare("SELECT coalesce(max(seq), 0) FROM contact_changes WHERE source_id IN (SELECT value FROM json_each(?))").pluck(),
  since: db.prepare(`SELECT uid, seq, deleted FROM contact_changes
    WHERE source_id IN (SELECT value FROM json_each(?)) AND seq > ? ORDER BY seq`),
  present: db.prepare(`SELECT uid, seq, deleted FROM contact_changes
    WHERE source_id IN (SELECT value FROM json_each(?)) AND deleted = 0 ORDER BY seq`),
}));

type Row = Omit<ContactChange, "deleted"> & { deleted: number };
const change = (r: Row): ContactChange => ({ uid: r.uid, seq: r.seq, deleted: r.deleted === 1 });

export function recordContactChange(db: Db, sourceId: number, externalId: string, deleted: boolean, now: string): void {
  q(db).record.run({ source_id: sourceId, external_id: externalId, deleted: deleted ? 1 : 0, now });
}

/** The highest seq among the sources' contacts and tombstones (0 when they never held a contact). */
export function latestContactChange(db: Db, sourceIds: number[]): number {
  return q(db).latest.get(JSON.stringify(sourceIds)) as number;
}

/** Changes and deletions after `seq`, oldest first. */
export function contactChangesSince(db: Db, sourceIds: number[], seq: number): ContactChange[] {
  return (q(db).since.all(JSON.stringify(sourceIds), seq) as Row[]).map(change);
}

/** The contacts the sources hold now, as the log knows them. */
export function presentContacts(db: Db, sourceIds: number[]): ContactChange[] {
  return (q(db).present.all(JSON.stringify(sourceIds)) as Row[]).map(change);
}
