// Accounts as admins manage them (FlexiAPI's admin AccountService): create, replace, delete (a tombstone keeps
// the name), activate, block, provision. Input is the request body as sent; every field is checked first and
// nothing is stored unless all of it is valid.
import { replaceDictionary } from "../../db/account-dictionary.ts";
import { createAccount, deleteAccount, getAccount, passwordsOf, updateAccount, type Account, type AccountFields } from "../../db/accounts.ts";
import { takeExternalAccount } from "../../db/external-accounts.ts";
import type { Db } from "../../db/open.ts";
import type { DigestAlgorithm } from "../../lib/digest.ts";
import { Forbidden, NotFound } from "../../lib/errors.ts";
import { randomAlphanumeric } from "../../lib/random.ts";
import type { AccountsSettings } from "../config/accounts-settings.ts";
import { isDigestAlgorithm, realmOf, storedPassword } from "./passwords.ts";
import {
  checkDictionary, checkDtmfProtocol, checkEmail, checkPhone, checkUsername, FieldErrors, optionalBoolean, optionalString, pathId, requiredString,
} from "./rules.ts";

/** FlexiAPI's key length (confirmation keys, creation tokens, provisioning tokens). */
export const KEY_LENGTH = 13;

export interface RequestInfo {
  ip: string;
  userAgent: string | undefined;
}

/** The account of an id in a URL, or NotFound. */
export function requireAccount(db: Db, id: string | number): Account {
  const n = typeof id === "number" ? id : pathId(id);
  const account = n > 0 ? getAccount(db, n) : undefined;
  if (!account) throw new NotFound("There is no account with this id.");
  return account;
}

/** The domain an admin's request puts the account in: theirs unless admins manage several domains. */
function domainOf(s: AccountsSettings, body: Record<string, unknown>, errors: FieldErrors, current?: string): string {
  if (!s.admins_manage_multi_domains || body.domain === undefined || body.domain === null) return current ?? s.sip_domain;
  const d = typeof body.domain === "string" ? body.domain.trim().toLowerCase() : "";
  if (!/^[a-z0-9.-]{1,253}(:\d{1,5})?$/.test(d)) errors.add("domain", "The domain must be a domain name.");
  return d;
}

export function checkAlgorithm(body: Record<string, unknown>, errors: FieldErrors) {
  const algorithm = requiredString(body, "algorithm", errors);
  if (algorithm !== undefined && !isDigestAlgorithm(algorithm)) errors.add("algorithm", "The password algorithm must be in MD5, SHA-256");
  return isDigestAlgorithm(algorithm) ? algorithm : undefined;
}

function checkExpiry(body: Record<string, unknown>, errors: FieldErrors): string | null {
  const v = body.confirmation_key_expires;
  if (v === undefined || v === null) return null;
  if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v) || Number.isNaN(Date.parse(v.replace(" ", "T")))) {
    errors.add("confirmation_key_expires", "The confirmation key expires does not match the format Y-m-d H:i:s.");
    return null;
  }
  return v;
}

/** A checked account, ready to be stored. */
export interface NewAccount {
  fields: AccountFields;
  password: string;
  algorithm: DigestAlgorithm;
  dictionary?: Record<string, string>;
}

/** POST /api/accounts by an admin. Answered with the confirmation key and provisioning token visible. */
export function createAccountAsAdmin(db: Db, s: AccountsSettings, body: Record<string, unknown>, info: RequestInfo): Account {
  return storeAccountAsAdmin(db, s, checkAccountAsAdmin(db, s, body, info));
}

/** Every rule of an admin's new account (422 with every field's problems); nothing is stored. */
export function checkAccountAsAdmin(db: Db, s: AccountsSettings, body: Record<string, unknown>, info: RequestInfo): NewAccount {
  const errors = new FieldErrors();
  const domain = domainOf(s, body, errors);
  const username = requiredString(body, "username", errors);
  checkUsername(db, s, username, domain, errors);
  const password = requiredString(body, "password", errors);
  const algorithm = checkAlgorithm(body, errors);
  const email = optionalString(body, "email", errors);
  checkEmail(db, s, email, errors);
  const phone = optionalString(body, "phone", errors, 32);
  checkPhone(db, phone, domain, errors);
  const activated = optionalBoolean(body, "activated", errors) ?? false;
  const admin = optionalBoolean(body, "admin", errors) ?? false;
  const expires = checkExpiry(body, errors);
  const fields: AccountFields = {
    username: username ?? "",
    domain,
    email,
    phone,
    display_name: optionalString(body, "display_name", errors),
    dtmf_protocol: checkDtmfProtocol(body, errors),
    activated: activated ? 1 : 0,
    admin: admin ? 1 : 0,
    // An account that is not active yet waits for its confirmation key, and gets provisioned once.
    confirmation_key: activated ? null : randomAlphanumeric(KEY_LENGTH),
    confirmation_key_expires: activated ? null : expires,
    provisioning_token: activated ? null : randomAlphanumeric(KEY_LENGTH),
    ip_address: info.ip,
    user_agent: info.userAgent ?? "Switchboard",
  };
  const dictionary = checkDictionary(body, errors);
  errors.check();
  return { fields, password: password!, algorithm: algorithm!, dictionary };
}

/** Stores a checked account; the database still refuses a name taken since the check (409). */
export function storeAccountAsAdmin(db: Db, s: AccountsSettings, n: NewAccount): Account {
  return db.transaction(() => {
    const account = storeNewAccount(db, s, n.fields, n.password, n.algorithm);
    if (n.dictionary) replaceDictionary(db, account.id, n.dictionary);
    return account;
  })();
}

/**
 * Stores a checked new account with its password, taking an external account when the settings say so (403 when
 * none is left). Call it inside the caller's transaction, so the 403 undoes the account too.
 */
export function storeNewAccount(db: Db, s: AccountsSettings, fields: AccountFields, password: string, algorithm: DigestAlgorithm): Account {
  const account = createAccount(db, fields, [storedPassword(fields, realmOf(s, fields), password, algorithm)]);
  if (s.consume_external_account_on_create && !takeExternalAccount(db, account.id)) {
    throw new Forbidden("Accounts cannot be created on the server");
  }
  return account;
}

/**
 * PUT /api/accounts/{id} by an admin: FlexiAPI replaces the account's fields with the body (absent optional
 * fields become empty) and, when a password is given, its password.
 */
export function updateAccountAsAdmin(db: Db, s: AccountsSettings, id: string, body: Record<string, unknown>, info: RequestInfo): Account {
  const errors = new FieldErrors();
  const username = requiredString(body, "username", errors);
  const algorithm = checkAlgorithm(body, errors);
  errors.check();
  const account = requireAccount(db, id);
  const domain = domainOf(s, body, errors, account.domain);
  checkUsername(db, s, username, domain, errors, account.id);
  const email = optionalString(body, "email", errors);
  checkEmail(db, s, email, errors, account.id);
  const phone = optionalString(body, "phone", errors, 32);
  checkPhone(db, phone, domain, errors, account.id);
  const admin = optionalBoolean(body, "admin", errors) ?? false;
  const dictionary = checkDictionary(body, errors);
  const password = optionalString(body, "password", errors, 1024);
  // A Digest hash contains the username and realm: renamed without a new password, the account could not sign in.
  const renamed = { username: username ?? account.username, domain };
  if (!password && realmOf(s, renamed) + renamed.username !== realmOf(s, account) + account.username && !hasClearPassword(db, account.id)) {
    errors.add("password", "A new password is needed when the username or domain changes: the stored one is hashed with the old name.");
  }
  const fields: Partial<AccountFields> = {
    username: username!,
    domain,
    email,
    phone,
    display_name: optionalString(body, "display_name", errors),
    dtmf_protocol: checkDtmfProtocol(body, errors),
    admin: admin ? 1 : 0,
    user_agent: info.userAgent ?? "Switchboard",
  };
  errors.check();
  return db.transaction(() => {
    const updated = updateAccount(db, account, fields, password ? [storedPassword(renamed, realmOf(s, renamed), password, algorithm!)] : undefined);
    if (dictionary) replaceDictionary(db, account.id, dictionary);
    return updated;
  })();
}

/**
 * PATCH by an admin (the panel's edit form): only the fields sent change, each checked by the rules create and PUT
 * use; a new password needs its algorithm, an empty one leaves the password as it is. The username and domain stay:
 * the stored Digest hashes are made of them.
 */
export function patchAccountAsAdmin(db: Db, s: AccountsSettings, id: string, body: Record<string, unknown>): Account {
  const account = requireAccount(db, id);
  const errors = new FieldErrors();
  const sent = (field: string) => Object.hasOwn(body, field);
  const fields: Partial<AccountFields> = {};
  if (sent("email")) checkEmail(db, s, (fields.email = optionalString(body, "email", errors)), errors, account.id);
  if (sent("phone")) checkPhone(db, (fields.phone = optionalString(body, "phone", errors, 32)), account.domain, errors, account.id);
  if (sent("display_name")) fields.display_name = optionalString(body, "display_name", errors);
  if (sent("dtmf_protocol")) fields.dtmf_protocol = checkDtmfProtocol(body, errors);
  for (const flag of ["activated", "blocked", "admin"] as const) {
    const on = optionalBoolean(body, flag, errors);
    if (on !== undefined) fields[flag] = on ? 1 : 0;
  }
  const password = optionalString(body, "password", errors, 1024);
  const algorithm = password === null ? undefined : checkAlgorithm(body, errors);
  errors.check();
  const passwords = password === null ? undefined : [storedPassword(account, realmOf(s, account), password, algorithm!)];
  return updateAccount(db, account, fields, passwords);
}

const hasClearPassword = (db: Db, accountId: number) => passwordsOf(db, accountId).some((p) => p.algorithm === "CLRTXT");

/** DELETE by an admin or the account itself: the name stays taken (tombstone). */
export function deleteWithTombstone(db: Db, account: Account): void {
  deleteAccount(db, account, true);
}

export type AccountFlag = "activated" | "blocked";

/** activate / deactivate / block / unblock. */
export function setAccountFlag(db: Db, id: string, flag: AccountFlag, on: boolean): Account {
  return updateAccount(db, requireAccount(db, id), { [flag]: on ? 1 : 0 });
}

/** A fresh one-shot provisioning token (admin provision, /me/provision). */
export function provisionAccount(db: Db, account: Account): Account {
  return updateAccount(db, account, { provisioning_token: randomAlphanumeric(KEY_LENGTH) });
}
