// API keys: one per account, stored as the SHA-256 of the key, with when it was last used.
import { nowIso, statements, type Db } from "./open.ts";

export interface ApiKey {
  account_id: number;
  created_at: string;
  last_used_at: string;
}

const q = statements((db) => ({
  replace: db.prepare(`INSERT INTO api_keys (account_id, key_hash, ip_address, created_at, last_used_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (account_id) DO UPDATE SET key_hash = excluded.key_hash, ip_address = excluded.ip_address,
      created_at = excluded.created_at, last_used_at = excluded.last_used_at`),
  byHash: db.prepare("SELECT account_id, created_at, last_used_at FROM api_keys WHERE key_hash = ?"),
  ofAccount: db.prepare("SELECT account_id, created_at, last_used_at FROM api_keys WHERE account_id = ?"),
  used: db.prepare("UPDATE api_keys SET last_used_at = ? WHERE account_id = ?"),
  remove: db.prepare("DELETE FROM api_keys WHERE account_id = ?"),
  unusedSince: db.prepare("DELETE FROM api_keys WHERE last_used_at < ?"),
}));

/** The account's one key becomes this one (the previous key stops working). */
export function saveApiKey(db: Db, accountId: number, keyHash: string, ip: string | null): void {
  const now = nowIso();
  q(db).replace.run(accountId, keyHash, ip, now, now);
}

export function findApiKey(db: Db, keyHash: string): ApiKey | undefined {
  return q(db).byHash.get(keyHash) as ApiKey | undefined;
}

export function apiKeyOf(db: Db, accountId: number): ApiKey | undefined {
  return q(db).ofAccount.get(accountId) as ApiKey | undefined;
}

export function markApiKeyUsed(db: Db, accountId: number, at = nowIso()): void {
  q(db).used.run(at, accountId);
}

export function deleteApiKey(db: Db, accountId: number): boolean {
  return q(db).remove.run(accountId).changes > 0;
}

/** Deletes the keys not used since `beforeIso`; returns how many. */
export function deleteUnusedApiKeys(db: Db, beforeIso: string): number {
  return q(db).unusedSince.run(beforeIso).changes;
}
