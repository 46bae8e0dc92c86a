// OAuth states: created when a connect starts, consumed once by the callback, purged after they expire.
import { nowIso, statements, type Db } from "./open.ts";

export interface OAuthState {
  state: string;
  provider: "microsoft" | "sipgate";
  source_key: string | null;
  code_verifier: string;
  redirect_uri: string;
  browser_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

const q = statements((db) => ({
  insert: db.prepare(`INSERT INTO oauth_states (state, provider, source_key, code_verifier, redirect_uri, browser_hash, created_at, expires_at)
    VALUES (@state, @provider, @source_key, @code_verifier, @redirect_uri, @browser_hash, @created_at, @expires_at)`),
  consume: db.prepare("UPDATE oauth_states SET used_at = ? WHERE state = ? AND browser_hash = ? AND used_at IS NULL RETURNING *"),
  get: db.prepare("SELECT * FROM oauth_states WHERE state = ?"),
  purge: db.prepare("DELETE FROM oauth_states WHERE expires_at < ?"),
}));

export function createOAuthState(db: Db, s: Omit<OAuthState, "used_at" | "created_at"> & { created_at?: string }): void {
  q(db).purge.run(nowIso());
  q(db).insert.run({ created_at: nowIso(), ...s });
}

/**
 * Marks a state used and returns it, when the browser that started it brings it back; a state that is unknown
 * comes back as `undefined`, one used before as `{ replayed: true }`, one of another browser as
 * `{ otherBrowser: true }` (and stays usable by its own). Expiry is checked by the caller (core).
 */
export function consumeOAuthState(db: Db, state: string, browserHash: string): OAuthState | { replayed: true } | { otherBrowser: true } | undefined {
  const row = q(db).consume.get(nowIso(), state, browserHash) as OAuthState | undefined;
  if (row) return row;
  const stored = q(db).get.get(state) as OAuthState | undefined;
  if (!stored) return undefined;
  return stored.used_at ? { replayed: true } : { otherBrowser: true };
}
