// One-time sign-in codes of the self-service pages: one per account, stored as a hash.
import { statements, type Db } from "./open.ts";

export interface SignInCode {
  account_id: number;
  code_hash: string;
  wrong_tries: number;
  created_at: string;
  expires_at: string;
}

const q = statements((db) => ({
  upsert: db.prepare(`INSERT INTO sign_in_codes (account_id, code_hash, wrong_tries, created_at, expires_at) VALUES (?, ?, 0, ?, ?)
    ON CONFLICT (account_id) DO UPDATE SET code_hash = excluded.code_hash, wrong_tries = 0, created_at = excluded.created_at, expires_at = excluded.expires_at`),
  get: db.prepare("SELECT * FROM sign_in_codes WHERE account_id = ?"),
  wrong: db.prepare("UPDATE sign_in_codes SET wrong_tries = wrong_tries + 1 WHERE account_id = ? RETURNING wrong_tries").pluck(),
  remove: db.prepare("DELETE FROM sign_in_codes WHERE account_id = ?"),
}));

/** The account's pending code becomes this one (any earlier one is forgotten). */
export function saveSignInCode(db: Db, accountId: number, codeHash: string, createdAt: string, expiresAt: string): void {
  q(db).upsert.run(accountId, codeHash, createdAt, expiresAt);
}

export function findSignInCode(db: Db, accountId: number): SignInCode | undefined {
  return q(db).get.get(accountId) as SignInCode | undefined;
}

/** Counts a wrong try; returns how many there were. */
export function countWrongSignInCode(db: Db, accountId: number): number {
  return (q(db).wrong.get(accountId) as number | undefined) ?? 0;
}

export function deleteSignInCode(db: Db, accountId: number): void {
  q(db).remove.run(accountId);
}
