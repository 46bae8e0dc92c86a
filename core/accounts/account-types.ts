// Account types (FlexiAPI's AccountTypeController, and typeAdd/typeRemove of its admin AccountController): a
// lower-case key such as "phone" or "door" that apps use to show an account differently, and which accounts have
// which. An account shows its types in its JSON and in the vCards of the accounts that have it as a contact.
import {
  accountTypeByKey, addTypeToAccount, createAccountType, deleteAccountType, getAccountType, removeTypeFromAccount, renameAccountType,
  type AccountType,
} from "../../db/account-types.ts";
import type { Db } from "../../db/open.ts";
import { Forbidden, NotFound } from "../../lib/errors.ts";
import { requireAccount } from "./manage.ts";
import { FieldErrors, pathId, requiredWord } from "./rules.ts";

export function requireAccountType(db: Db, id: string): AccountType {
  const type = getAccountType(db, pathId(id));
  if (!type) throw new NotFound("There is no account type with this id.");
  return type;
}

/** The key of a POST or PUT body; another type's key is taken (422, as Laravel's unique rule answers). */
function checkedKey(db: Db, body: Record<string, unknown>, exceptId = 0): string {
  const errors = new FieldErrors();
  const key = requiredWord(body, "key", "alpha_dash", errors);
  const holder = key === undefined ? undefined : accountTypeByKey(db, key);
  if (holder && holder.id !== exceptId) errors.add("key", "The key has already been taken.");
  errors.check();
  return key!;
}

export const createType = (db: Db, body: Record<string, unknown>): AccountType => createAccountType(db, checkedKey(db, body));

export function renameType(db: Db, id: string, body: Record<string, unknown>): AccountType {
  const type = requireAccountType(db, id);
  return renameAccountType(db, type.id, checkedKey(db, body, type.id))!;
}

/** Deleting a type takes it off every account that had it. */
export function deleteType(db: Db, id: string): void {
  deleteAccountType(db, requireAccountType(db, id).id);
}

/** Giving an account a type it has already is refused (403), as FlexiAPI does. */
export function addTypeTo(db: Db, accountId: string, typeId: string): void {
  const account = requireAccount(db, accountId);
  if (!addTypeToAccount(db, account.id, requireAccountType(db, typeId).id)) throw new Forbidden("The account has this type already.");
}

/** Taking off a type the account does not have is refused (403), as FlexiAPI does. */
export function removeTypeFrom(db: Db, accountId: string, typeId: string): void {
  const account = requireAccount(db, accountId);
  if (!removeTypeFromAccount(db, account.id, pathId(typeId))) throw new Forbidden("The account does not have this type.");
}
