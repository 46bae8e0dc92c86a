// The contacts a Contact Sync device uploaded, with their normalized phone numbers, and the smart-contact match of
// those numbers against other identities' verified numbers and the SIP accounts' phones.
import { statements, type Db } from "./open.ts";

export interface ContactToStore {
  contactId: string;
  checksum: string;
  json: string;
  numbers: { position: number; number: string }[];
}

export interface SyncedContact {
  id: number;
  contact: string;
  updated_at: string;
}

/** A contact number that belongs to someone on this server, with that someone's SIP URI. */
export interface OnNetNumber {
  contact: number;
  position: number;
  /** A SIP account whose phone this is. */
  account_uri: string | null;
  /** Another identity, signed in now, that has this number verified. */
  identity_uri: string | null;
}

const q = statements((db) => ({
  // The same row (and id) on update, so its numbers are replaced by id.
  upsert: db.prepare(`INSERT INTO sync_contacts (device, contact_id, checksum, contact, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (device, contact_id) DO UPDATE SET checksum = excluded.checksum, contact = excluded.contact, updated_at = excluded.updated_at
    RETURNING id`).pluck(),
  clearNumbers: db.prepare("DELETE FROM sync_contact_numbers WHERE contact = ?"),
  addNumber: db.prepare("INSERT INTO sync_contact_numbers (contact, position, number) VALUES (?, ?, ?)"),
  remove: db.prepare("DELETE FROM sync_contacts WHERE device = ? AND contact_id = ?"),
  count: db.prepare("SELECT count(*) FROM sync_contacts WHERE device = ?").pluck(),
  // Built by SQLite from the covering index: 10,000 pairs as one string, not 10,000 rows turned into JavaScript.
  checksumsJson: db.prepare("SELECT json_group_object(contact_id, checksum) FROM sync_contacts WHERE device = ?").pluck(),
  contacts: db.prepare("SELECT id, contact, updated_at FROM sync_contacts WHERE device = ? AND updated_at >= ? ORDER BY contact_id"),
  // Per number at most two index lookups: accounts_by_phone and sso_token_numbers_by_number. Accounts that cannot
  // sign in (blocked, not activated) are not on the net, nor identities whose token has expired (they stopped
  // signing in); the caller's own SIP address never counts.
  onNet: db.prepare(`SELECT * FROM (
      SELECT n.contact, n.position,
        (SELECT 'sip:' || a.username || '@' || a.domain FROM accounts a
          WHERE a.phone = '+' || n.number AND a.activated = 1 AND a.blocked = 0 AND a.username || '@' || a.domain != @own) AS account_uri,
        (SELECT 'sip:' || t.username FROM sso_token_numbers tn JOIN sso_tokens t ON t.id = tn.token_id
          WHERE tn.number = n.number AND t.username != @own AND t.expires_at > @now ORDER BY t.id LIMIT 1) AS identity_uri
      FROM sync_contacts c JOIN sync_contact_numbers n ON n.contact = c.id
      WHERE c.device = @device AND c.updated_at >= @since)
    WHERE account_uri IS NOT NULL OR identity_uri IS NOT NULL`),
}));

/** Deletes and upserts a device's contacts (inside the caller's transaction, or one of its own). */
export function writeContacts(db: Db, device: number, upsert: ContactToStore[], remove: string[], at: string): void {
  const s = q(db);
  db.transaction(() => {
    for (const id of remove) s.remove.run(device, id);
    for (const c of upsert) {
      const id = s.upsert.get(device, c.contactId, c.checksum, c.json, at) as number;
      s.clearNumbers.run(id);
      for (const n of c.numbers) s.addNumber.run(id, n.position, n.number);
    }
  })();
}

export function countContacts(db: Db, device: number): number {
  return q(db).count.get(device) as number;
}

/** `{contactId: checksum}` of every contact of the device, as JSON text ("{}" for none). */
export function contactChecksumsJson(db: Db, device: number): string {
  return q(db).checksumsJson.get(device) as string;
}

/** The device's contacts changed at or after `since` (ISO time; "" for all), in contactId order. */
export function syncedContacts(db: Db, device: number, since = ""): SyncedContact[] {
  return q(db).contacts.all(device, since) as SyncedContact[];
}

/** The numbers of the device's contacts (changed at or after `since`) that someone else on this server has. */
export function onNetNumbers(db: Db, device: number, own: string, since = ""): OnNetNumber[] {
  return q(db).onNet.all({ device, own, since, now: new Date().toISOString() }) as OnNetNumber[];
}
