// DTMF actions of an account (FlexiAPI's AccountActionController): a key and a code (a door opener's "open" and
// "1234") that a Linphone client sends with the account's dtmf_protocol. An account without a DTMF protocol has
// none to show or change (403), as in FlexiAPI.
import { actionsOfAccount, addAccountAction, deleteAccountAction, getAccountAction, updateAccountAction, type AccountAction } from "../../db/account-actions.ts";
import type { Account } from "../../db/accounts.ts";
import type { Db } from "../../db/open.ts";
import { Forbidden, NotFound } from "../../lib/errors.ts";
import { requireAccount } from "./manage.ts";
import { FieldErrors, pathId, requiredWord } from "./rules.ts";

function accountWithDtmf(db: Db, id: string): Account {
  const account = requireAccount(db, id);
  if (!account.dtmf_protocol) throw new Forbidden("DTMF Protocol must be configured");
  return account;
}

/** key: alpha_dash, code: alpha_num, both lower-case and required (FlexiAPI's documented rules). */
function checkedAction(body: Record<string, unknown>): { key: string; code: string } {
  const errors = new FieldErrors();
  const key = requiredWord(body, "key", "alpha_dash", errors);
  const code = requiredWord(body, "code", "alpha_num", errors);
  errors.check();
  return { key: key!, code: code! };
}

function requireAction(db: Db, account: Account, actionId: string): AccountAction {
  const action = getAccountAction(db, account.id, pathId(actionId));
  if (!action) throw new NotFound("The account has no action with this id.");
  return action;
}

export const actionsOf = (db: Db, id: string): AccountAction[] => actionsOfAccount(db, accountWithDtmf(db, id).id);
export const actionOf = (db: Db, id: string, actionId: string): AccountAction => requireAction(db, accountWithDtmf(db, id), actionId);

export function addAction(db: Db, id: string, body: Record<string, unknown>): AccountAction {
  const account = accountWithDtmf(db, id);
  const { key, code } = checkedAction(body);
  return addAccountAction(db, account.id, key, code);
}

export function updateAction(db: Db, id: string, actionId: string, body: Record<string, unknown>): AccountAction {
  const account = accountWithDtmf(db, id);
  const action = requireAction(db, account, actionId);
  const { key, code } = checkedAction(body);
  return updateAccountAction(db, account.id, action.id, key, code)!;
}

export function deleteAction(db: Db, id: string, actionId: string): void {
  const account = accountWithDtmf(db, id);
  deleteAccountAction(db, account.id, requireAction(db, account, actionId).id);
}
