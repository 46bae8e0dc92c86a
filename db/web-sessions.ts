// Web sessions of the self-service pages: stored as the SHA-256 of the token, with when they were last used.
import { nowIso, statements, type Db } from "./open.ts";

export interface WebSession {
  id: number;
  account_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

const q = statements((db) => ({
  insert: db.prepare("INSERT INTO web_sessions (account_id, token_hash, ip_address, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)"),
  byHash: db.prepare("SELECT id, account_id, created_at, last_seen_at, expires_at FROM web_sessions WHERE token_hash = ?"),
  seen: db.prepare("UPDATE web_sessions SET last_seen_at = ? WHERE id = ?"),
  remove: db.prepare("DELETE FROM web_sessions WHERE token_hash = ?"),
  removeId: db.prepare("DELETE FROM web_sessions WHERE id = ?"),
  ofAccount: db.prepare("DELETE FROM web_sessions WHERE account_id = ?"),
  expired: db.prepare("DELETE FROM web_sessions WHERE expires_at <= ? OR last_seen_at < ?"),
}));

export function addWebSession(db: Db, accountId: number, tokenHash: string, ip: string | null, expiresAt: string): void {
  const now = nowIso();
  q(db).insert.run(accountId, tokenHash, ip, now, now, expiresAt);
}

export function findWebSession(db: Db, tokenHash: string): WebSession | undefined {
  return q(db).byHash.get(tokenHash) as WebSession | undefined;
}

export function markWebSessionSeen(db: Db, id: number, at = nowIso()): void {
  q(db).seen.run(at, id);
}

export function deleteWebSession(db: Db, tokenHash: string): boolean {
  return q(db).remove.run(tokenHash).changes > 0;
}

export function deleteWebSessionById(db: Db, id: number): void {
  q(db).removeId.run(id);
}

/** Every session of the account (its password changed). */
export function deleteWebSessionsOf(db: Db, accountId: number): number {
  return q(db).ofAccount.run(accountId).changes;
}

/** Sessions past their absolute expiry or idle since `idleBeforeIso`; returns how many. */
export function deleteExpiredWebSessions(db: Db, nowIsoText: string, idleBeforeIso: string): number {
  return q(db).expired.run(nowIsoText, idleBeforeIso).changes;
}
