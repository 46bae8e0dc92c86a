// Digest nonces: handed out in challenges, each with the nc of the last request accepted with it.
import { nowIso, statements, type Db } from "./open.ts";

export interface DigestNonce {
  id: number;
  account_id: number;
  nonce: string;
  nc: number;
}

const q = statements((db) => ({
  insert: db.prepare("INSERT INTO digest_nonces (account_id, nonce, created_at) VALUES (?, ?, ?)"),
  // Bounded per account: a client that asks for challenges forever keeps only its newest ones.
  trim: db.prepare(`DELETE FROM digest_nonces WHERE account_id = @account AND id <=
    (SELECT id FROM digest_nonces WHERE account_id = @account ORDER BY id DESC LIMIT 1 OFFSET @keep)`),
  find: db.prepare("SELECT id, account_id, nonce, nc FROM digest_nonces WHERE nonce = ? AND account_id = ?"),
  // Only a strictly larger nc is accepted: one statement, so two requests racing with one nc cannot both pass.
  advance: db.prepare("UPDATE digest_nonces SET nc = ? WHERE id = ? AND nc < ?"),
  remove: db.prepare("DELETE FROM digest_nonces WHERE id = ?"),
  olderThan: db.prepare("DELETE FROM digest_nonces WHERE created_at < ?"),
}));

export const MAX_NONCES_PER_ACCOUNT = 100;

export function addNonce(db: Db, accountId: number, nonce: string): void {
  db.transaction(() => {
    q(db).insert.run(accountId, nonce, nowIso());
    q(db).trim.run({ account: accountId, keep: MAX_NONCES_PER_ACCOUNT });
  })();
}

export function findNonce(db: Db, accountId: number, nonce: string): DigestNonce | undefined {
  return q(db).find.get(nonce, accountId) as DigestNonce | undefined;
}

/** Records `nc` as used; false when it is not larger than the last one (a replay). */
export function advanceNonce(db: Db, id: number, nc: number): boolean {
  return q(db).advance.run(nc, id, nc).changes > 0;
}

export function deleteNonce(db: Db, id: number): void {
  q(db).remove.run(id);
}

/** Deletes nonces handed out before `beforeIso`; returns how many. */
export function deleteNoncesBefore(db: Db, beforeIso: string): number {
  return q(db).olderThan.run(beforeIso).changes;
}
