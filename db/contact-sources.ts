// Contact sources: a provider account or phone book whose contacts we keep (db/contacts.ts), its tokens and
// its sync state.
import { Conflict } from "../lib/errors.ts";
import { nowIso, statements, unlessTaken, type Db } from "./open.ts";

/** sync-device: a Contact Sync device's address book, copied as the device uploads (core/sync/directory-source.ts). */
export type Provider = "microsoft" | "sipgate" | "fritzbox" | "sync-device";
export type SourceStatus = "ok" | "error" | "needs_reconnect";

export interface ContactSource {
  id: number;
  key: string;
  provider: Provider;
  label: string;
  account_id: string | null;
  source_url: string | null;
  access_token: string | null;
  access_token_expires_at: string | null;
  refresh_token: string | null;
  delta_link: string | null;
  status: SourceStatus;
  last_sync_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  contact_count: number;
  created_at: string;
  updated_at: string;
  /** Provider sync-device: the sync_devices row it copies (deleting the device deletes the source). */
  sync_device: number | null;
}

export interface TokenSet {
  access_token: string;
  access_token_expires_at: string | null;
  /** A new refresh token replaces the old one; null keeps the old one (providers that do not rotate). */
  refresh_token: string | null;
}

const q = statements((db) => ({
  insert: db.prepare(`INSERT INTO contact_sources (key, provider, label, account_id, source_url, sync_device, created_at, updated_at)
    VALUES (@key, @provider, @label, @account_id, @source_url, @sync_device, @now, @now)`),
  byKey: db.prepare("SELECT * FROM contact_sources WHERE key = ?"),
  byId: db.prepare("SELECT * FROM contact_sources WHERE id = ?"),
  all: db.prepare("SELECT * FROM contact_sources ORDER BY id"),
  remove: db.prepare("DELETE FROM contact_sources WHERE id = ?"),
  // One statement, so the access token and a rotated refresh token are stored together or not at all.
  saveTokens: db.prepare(`UPDATE contact_sources SET access_token = @access_token,
      access_token_expires_at = @access_token_expires_at, refresh_token = coalesce(@refresh_token, refresh_token),
      updated_at = @now WHERE id = @id`),
  connected: db.prepare(`UPDATE contact_sources SET access_token = @access_token,
      access_token_expires_at = @access_token_expires_at, refresh_token = @refresh_token, account_id = @account_id,
      label = CASE WHEN label = '' THEN @label ELSE label END, status = 'ok', last_error = NULL, delta_link = NULL,
      updated_at = @now WHERE id = @id`),
  syncOk: db.prepare(`UPDATE contact_sources SET status = 'ok', last_error = NULL, last_sync_at = @now,
      last_success_at = @now, updated_at = @now WHERE id = @id`),
  syncFailed: db.prepare(`UPDATE contact_sources SET status = @status, last_error = @error, last_sync_at = @now,
      updated_at = @now WHERE id = @id`),
  needsReconnect: db.prepare(`UPDATE contact_sources SET status = 'needs_reconnect', last_error = @error,
      access_token = NULL, access_token_expires_at = NULL, refresh_token = NULL, updated_at = @now WHERE id = @id`),
  delta: db.prepare("UPDATE contact_sources SET delta_link = ?, updated_at = ? WHERE id = ?"),
  rename: db.prepare("UPDATE contact_sources SET label = ?, updated_at = ? WHERE id = ?"),
  byUrl: db.prepare("SELECT * FROM contact_sources WHERE provider = ? AND source_url = ?"),
  byDevice: db.prepare("SELECT * FROM contact_sources WHERE sync_device = ?"),
}));

/** A new source; its key must be unused by any source (Conflict). */
export function createSource(db: Db, s: { key: string; provider: Provider; label?: string; account_id?: string | null; source_url?: string | null; sync_device?: number | null }): ContactSource {
  const id = unlessTaken(
    () => Number(q(db).insert.run({ label: "", account_id: null, source_url: null, sync_device: null, ...s, now: nowIso() }).lastInsertRowid),
    () => new Conflict(`A contact source with the key ${s.key} exists already.`),
  );
  return getSourceById(db, id)!;
}

export function getSourceByKey(db: Db, key: string): ContactSource | undefined {
  return q(db).byKey.get(key) as ContactSource | undefined;
}

export function getSourceById(db: Db, id: number): ContactSource | undefined {
  return q(db).byId.get(id) as ContactSource | undefined;
}

export function listSources(db: Db): ContactSource[] {
  return q(db).all.all() as ContactSource[];
}

/** Deletes a source with its tokens and contacts (cascade). */
export function deleteSource(db: Db, id: number): boolean {
  return q(db).remove.run(id).changes > 0;
}

export function saveTokens(db: Db, id: number, t: TokenSet): void {
  q(db).saveTokens.run({ ...t, id, now: nowIso() });
}

/** After a successful OAuth connect: fresh tokens and identity, status ok, incremental state dropped. */
export function markConnected(db: Db, id: number, t: TokenSet & { account_id: string | null; label: string }): void {
  q(db).connected.run({ ...t, id, now: nowIso() });
}

export function recordSyncSuccess(db: Db, id: number): void {
  q(db).syncOk.run({ id, now: nowIso() });
}

export function recordSyncFailure(db: Db, id: number, error: string, status: SourceStatus = "error"): void {
  q(db).syncFailed.run({ id, error, status, now: nowIso() });
}

/** The refresh token no longer works: tokens are dropped and an admin has to connect again. */
export function markNeedsReconnect(db: Db, id: number, error: string): void {
  q(db).needsReconnect.run({ id, error, now: nowIso() });
}

export function saveDeltaState(db: Db, id: number, deltaLink: string | null): void {
  q(db).delta.run(deltaLink, nowIso(), id);
}

export function renameSource(db: Db, id: number, label: string): void {
  q(db).rename.run(label, nowIso(), id);
}

export function findSourceByUrl(db: Db, provider: Provider, url: string): ContactSource | undefined {
  return q(db).byUrl.get(provider, url) as ContactSource | undefined;
}

/** The source that copies this Contact Sync device (sync_devices.id), if the device is shared. */
export function findSourceOfDevice(db: Db, syncDevice: number): ContactSource | undefined {
  return q(db).byDevice.get(syncDevice) as ContactSource | undefined;
}
