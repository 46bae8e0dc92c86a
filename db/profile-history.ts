// Profile history (migration 018): the profiles each phone was given, with their values, the newest
// HISTORY_PER_PHONE per phone (a pinned version is always kept), and the pins. common.yml's parameters are stored
// once per distinct version.
import { statements, type Db } from "./open.ts";

/** Versions kept per phone, newest first by when a config load made them the phone's profile. */
export const HISTORY_PER_PHONE = 50;

/** Parameters as JSON text: [["Name", "value", "ua"], …] in rendering order. */
export type ParamsJson = string;

export interface HistoryVersion {
  fingerprint: string;
  configured_at: string;
  first_served: string | null;
  last_served: string | null;
}

export interface StoredVersion {
  xml_path: string;
  common: ParamsJson;
  own: ParamsJson;
}

export interface NewHistoryVersion {
  mac: string;
  fingerprint: string;
  own: ParamsJson;
  /** The phone's first stored version: nothing of it to trim (a first start stores one for every phone). */
  first?: boolean;
}

export interface Pin {
  mac: string;
  fingerprint: string;
  pinned_by: string;
  pinned_at: string;
}

const q = statements((db) => ({
  // SQLite returns the bare columns of the row holding max(): each phone's newest version.
  newest: db.prepare("SELECT mac, fingerprint, max(configured_at) AS configured_at FROM profile_history GROUP BY mac"),
  addCommon: db.prepare("INSERT OR IGNORE INTO profile_history_common (hash, xml_path, params) VALUES (?, ?, ?)"),
  // A version that comes back (an edit undone) is the newest again.
  upsert: db.prepare(`INSERT INTO profile_history (mac, fingerprint, common_hash, own_params, configured_at)
    VALUES (@mac, @fingerprint, @commonHash, @own, @at)
    ON CONFLICT(mac, fingerprint) DO UPDATE SET configured_at = excluded.configured_at`),
  trim: db.prepare(`DELETE FROM profile_history WHERE mac = @mac
    AND fingerprint NOT IN (SELECT fingerprint FROM profile_history WHERE mac = @mac ORDER BY configured_at DESC, rowid DESC LIMIT @keep)
    AND fingerprint NOT IN (SELECT fingerprint FROM profile_pins WHERE mac = @mac)`),
  pruneCommon: db.prepare("DELETE FROM profile_history_common WHERE hash NOT IN (SELECT common_hash FROM profile_history)"),
  served: db.prepare(`UPDATE profile_history SET first_served = coalesce(first_served, @at), last_served = @at
    WHERE mac = @mac AND fingerprint = @fingerprint`),
  list: db.prepare(`SELECT fingerprint, configured_at, first_served, last_served FROM profile_history
    WHERE mac = ? ORDER BY configured_at DESC, rowid DESC`),
  one: db.prepare(`SELECT c.xml_path, c.params AS common, h.own_params AS own
    FROM profile_history h JOIN profile_history_common c ON c.hash = h.common_hash WHERE h.mac = ? AND h.fingerprint = ?`),
  pins: db.prepare("SELECT mac, fingerprint, pinned_by, pinned_at FROM profile_pins"),
  pin: db.prepare(`INSERT INTO profile_pins (mac, fingerprint, pinned_by, pinned_at) VALUES (@mac, @fingerprint, @pinned_by, @pinned_at)
    ON CONFLICT(mac) DO UPDATE SET fingerprint = excluded.fingerprint, pinned_by = excluded.pinned_by, pinned_at = excluded.pinned_at`),
  unpin: db.prepare("DELETE FROM profile_pins WHERE mac = ?"),
}));

/** mac → fingerprint of its newest stored version. */
export function newestHistoryVersions(db: Db): Map<string, string> {
  const rows = q(db).newest.all() as { mac: string; fingerprint: string }[];
  return new Map(rows.map((r) => [r.mac, r.fingerprint]));
}

/** Stores new versions (one transaction) and drops what is past HISTORY_PER_PHONE for their phones. */
export function saveHistoryVersions(db: Db, at: string, common: { hash: string; xmlPath: string; params: () => ParamsJson }, versions: NewHistoryVersion[]): void {
  if (!versions.length) return;
  const s = q(db);
  db.transaction(() => {
    s.addCommon.run(common.hash, common.xmlPath, common.params());
    for (const v of versions) {
      s.upsert.run({ mac: v.mac, fingerprint: v.fingerprint, own: v.own, commonHash: common.hash, at });
      if (!v.first) s.trim.run({ mac: v.mac, keep: HISTORY_PER_PHONE });
    }
    s.pruneCommon.run();
  })();
}

/** Called inside the sightings' transaction: a profile fetch got this version at `at`. */
export function markVersionServed(db: Db, mac: string, fingerprint: string, at: string): void {
  q(db).served.run({ mac, fingerprint, at });
}

export function listHistoryVersions(db: Db, mac: string): HistoryVersion[] {
  return q(db).list.all(mac) as HistoryVersion[];
}

export function storedVersion(db: Db, mac: string, fingerprint: string): StoredVersion | undefined {
  return q(db).one.get(mac, fingerprint) as StoredVersion | undefined;
}

export function listPins(db: Db): Pin[] {
  return q(db).pins.all() as Pin[];
}

export function savePin(db: Db, pin: Pin): void {
  q(db).pin.run(pin);
}

/** False when the phone was not pinned. */
export function deletePin(db: Db, mac: string): boolean {
  return q(db).unpin.run(mac).changes > 0;
}
