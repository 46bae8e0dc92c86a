// Profile versions: which configuration each phone was given, as hashes of its parameters' values. A version is
// kept while it is a phone's current one or a sighting or report still names it.
import { statements, type Db } from "./open.ts";

export interface CurrentVersion {
  fingerprint: string;
  current_since: string;
}

export interface NewProfileVersion {
  mac: string;
  fingerprint: string;
  /** JSON {"Parameter_Name": "<hash>"} of the phone's own parameters. */
  ownHashes: string;
  /** The phone has no current version to replace (a first start stores one for every phone). */
  first?: boolean;
}

/** A stored version's hashes as JSON text: common.yml's and the phone's own. */
export interface VersionHashes {
  common_hash: string;
  common: string;
  own: string;
}

const q = statements((db) => ({
  current: db.prepare("SELECT mac, fingerprint, current_since FROM profile_versions WHERE replaced_at IS NULL"),
  currentOf: db.prepare("SELECT fingerprint, current_since FROM profile_versions WHERE mac = ? AND replaced_at IS NULL"),
  hasCommon: db.prepare("SELECT 1 FROM common_versions WHERE hash = ?"),
  addCommon: db.prepare("INSERT OR IGNORE INTO common_versions (hash, value_hashes) VALUES (?, ?)"),
  replace: db.prepare("UPDATE profile_versions SET replaced_at = ? WHERE mac = ? AND replaced_at IS NULL"),
  // A version that comes back (an edit undone) is current again from now.
  upsert: db.prepare(`INSERT INTO profile_versions (mac, fingerprint, common_hash, own_hashes, current_since)
    VALUES (@mac, @fingerprint, @commonHash, @ownHashes, @at)
    ON CONFLICT(mac, fingerprint) DO UPDATE SET current_since = excluded.current_since, replaced_at = NULL`),
  hashes: db.prepare(`SELECT c.hash AS common_hash, c.value_hashes AS common, v.own_hashes AS own
    FROM profile_versions v JOIN common_versions c ON c.hash = v.common_hash WHERE v.mac = ? AND v.fingerprint = ?`),
  pruneVersions: db.prepare(`DELETE FROM profile_versions WHERE replaced_at IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM phone_sightings s WHERE s.mac = profile_versions.mac AND s.profile_fingerprint = profile_versions.fingerprint)
    AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.mac = profile_versions.mac AND r.profile_fingerprint = profile_versions.fingerprint)`),
  pruneCommon: db.prepare("DELETE FROM common_versions WHERE hash NOT IN (SELECT common_hash FROM profile_versions)"),
}));

/** mac → its current version, for every phone that has one. */
export function currentProfileVersions(db: Db): Map<string, CurrentVersion> {
  const rows = q(db).current.all() as (CurrentVersion & { mac: string })[];
  return new Map(rows.map((r) => [r.mac, { fingerprint: r.fingerprint, current_since: r.current_since }]));
}

export function currentProfileVersion(db: Db, mac: string): CurrentVersion | undefined {
  return q(db).currentOf.get(mac) as CurrentVersion | undefined;
}

/**
 * Makes `versions` the current ones of their phones from `at` (the phones in `retired` have none any more), then
 * drops versions nothing names — one transaction. `commonHashes` is only called when common.yml's version is new.
 */
export function saveProfileVersions(db: Db, at: string, common: { hash: string; hashes: () => string }, versions: NewProfileVersion[], retired: string[]): void {
  const s = q(db);
  db.transaction(() => {
    if (versions.length && !s.hasCommon.get(common.hash)) s.addCommon.run(common.hash, common.hashes());
    for (const v of versions) {
      if (!v.first) s.replace.run(at, v.mac);
      s.upsert.run({ mac: v.mac, fingerprint: v.fingerprint, ownHashes: v.ownHashes, commonHash: common.hash, at });
    }
    for (const mac of retired) s.replace.run(at, mac);
    s.pruneVersions.run();
    s.pruneCommon.run();
  })();
}

export function profileVersionHashes(db: Db, mac: string, fingerprint: string): VersionHashes | undefined {
  return q(db).hashes.get(mac, fingerprint) as VersionHashes | undefined;
}
