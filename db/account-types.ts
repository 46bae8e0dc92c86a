// Account types (FlexiAPI: a key such as "phone" or "door" that apps use to show an account differently) and
// which accounts have which.
import { Conflict } from "../lib/errors.ts";
import { nowIso, statements, unlessTaken, type Db } from "./open.ts";

export interface AccountType {
  id: number;
  key: string;
}

const q = statements((db) => ({
  all: db.prepare("SELECT id, key FROM account_types ORDER BY id"),
  one: db.prepare("SELECT id, key FROM account_types WHERE id = ?"),
  byKey: db.prepare("SELECT id, key FROM account_types WHERE key = ?"),
  insert: db.prepare("INSERT INTO account_types (key, created_at, updated_at) VALUES (?, ?, ?)"),
  update: db.prepare("UPDATE account_types SET key = ?, updated_at = ? WHERE id = ?"),
  remove: db.prepare("DELETE FROM account_types WHERE id = ?"),
  ofAccount: db.prepare(`SELECT t.id, t.key FROM account_account_type a JOIN account_types t ON t.id = a.account_type_id
    WHERE a.account_id = ? ORDER BY t.id`),
  attach: db.prepare("INSERT OR IGNORE INTO account_account_type (account_id, account_type_id, created_at) VALUES (?, ?, ?)"),
  detach: db.prepare("DELETE FROM account_account_type WHERE account_id = ? AND account_type_id = ?"),
}));

const taken = (key: string) => () => new Conflict(`The account type ${key} exists already.`);

export const listAccountTypes = (db: Db): AccountType[] => q(db).all.all() as AccountType[];
export const getAccountType = (db: Db, id: number): AccountType | undefined => q(db).one.get(id) as AccountType | undefined;
export const accountTypeByKey = (db: Db, key: string): AccountType | undefined => q(db).byKey.get(key) as AccountType | undefined;

export function createAccountType(db: Db, key: string): AccountType {
  const now = nowIso();
  return getAccountType(db, unlessTaken(() => Number(q(db).insert.run(key, now, now).lastInsertRowid), taken(key)))!;
}

export function renameAccountType(db: Db, id: number, key: string): AccountType | undefined {
  unlessTaken(() => q(db).update.run(key, nowIso(), id), taken(key));
  return getAccountType(db, id);
}

export const deleteAccountType = (db: Db, id: number): boolean => q(db).remove.run(id).changes > 0;
export const typesOfAccount = (db: Db, accountId: number): AccountType[] => q(db).ofAccount.all(accountId) as AccountType[];

/** false when the account had the type already. */
export const addTypeToAccount = (db: Db, accountId: number, typeId: number): boolean => q(db).attach.run(accountId, typeId, nowIso()).changes > 0;
/** false when the account did not have the type. */
export const removeTypeFromAccount = (db: Db, accountId: number, typeId: number): boolean => q(db).detach.run(accountId, typeId).changes > 0;
