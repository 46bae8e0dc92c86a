// DTMF actions of an account: a key and a code (e.g. a door opener), sent with the account's dtmf_protocol.
import { nowIso, statements, type Db } from "./open.ts";

export interface AccountAction {
  id: number;
  key: string;
  code: string;
}

const q = statements((db) => ({
  ofAccount: db.prepare("SELECT id, key, code FROM account_actions WHERE account_id = ? ORDER BY id"),
  one: db.prepare("SELECT id, key, code FROM account_actions WHERE account_id = ? AND id = ?"),
  insert: db.prepare("INSERT INTO account_actions (account_id, key, code, created_at, updated_at) VALUES (?, ?, ?, ?, ?)"),
  update: db.prepare("UPDATE account_actions SET key = ?, code = ?, updated_at = ? WHERE account_id = ? AND id = ?"),
  remove: db.prepare("DELETE FROM account_actions WHERE account_id = ? AND id = ?"),
}));

export const actionsOfAccount = (db: Db, accountId: number): AccountAction[] => q(db).ofAccount.all(accountId) as AccountAction[];
export const getAccountAction = (db: Db, accountId: number, id: number): AccountAction | undefined => q(db).one.get(accountId, id) as AccountAction | undefined;

export function addAccountAction(db: Db, accountId: number, key: string, code: string): AccountAction {
  const now = nowIso();
  return getAccountAction(db, accountId, Number(q(db).insert.run(accountId, key, code, now, now).lastInsertRowid))!;
}

export function updateAccountAction(db: Db, accountId: number, id: number, key: string, code: string): AccountAction | undefined {
  q(db).update.run(key, code, nowIso(), accountId, id);
  return getAccountAction(db, accountId, id);
}

export const deleteAccountAction = (db: Db, accountId: number, id: number): boolean => q(db).remove.run(accountId, id).changes > 0;
