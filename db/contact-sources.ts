// Token and sync-state updates of contact sources (the rows themselves: db/contacts.ts).
import type { ContactSource, Provider, SourceStatus } from "./contacts.ts";
import { nowIso, statements, type Db } from "./open.ts";

export interface TokenSet {
  access_token: string;
  access_token_expires_at: string | null;
  /** A new refresh token replaces the old one; null keeps the old one (providers that do not rotate). */
  refresh_token: string | null;
}

const q = statements((db) => ({
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
  url: db.prepare("UPDATE contact_sources SET source_url = ?, updated_at = ? WHERE id = ?"),
  byUrl: db.prepare("SELECT * FROM contact_sources WHERE provider = ? AND source_url = ?"),
}));

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

export function setSourceUrl(db: Db, id: number, url: string | null): void {
  q(db).url.run(url, nowIso(), id);
}

export function findSourceByUrl(db: Db, provider: Provider, url: string): ContactSource | undefined {
  return q(db).byUrl.get(provider, url) as ContactSource | undefined;
}
