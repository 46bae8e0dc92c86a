// What a signed-in account does with itself (FlexiAPI's /api/accounts/me…): its API key, its password, leaving,
// and what the self-service pages show of it (its Contact Sync devices).
import { findAccount, passwordsOf, setPasswords, updateAccount, type Account } from "../../db/accounts.ts";
import { deleteApiKey, saveApiKey } from "../../db/api-keys.ts";
import { listDevicesOfUser } from "../../db/sync-devices.ts";
import type { Db } from "../../db/open.ts";
import { NotFound } from "../../lib/errors.ts";
import { randomToken } from "../../lib/random.ts";
import type { AccountsSettings } from "../config/accounts-settings.ts";
import { hashApiKey, parseFrom } from "./authenticate.ts";
import { isDigestAlgorithm, passwordMatches, realmOf, storedPassword } from "./passwords.ts";
import { FieldErrors, optionalString, requiredString } from "./rules.ts";

/** A new API key for the account (the previous one stops working); the key itself exists only in this answer. */
export function newApiKey(db: Db, account: Account, ip: string | null): string {
  const key = randomToken(30); // 40 characters
  saveApiKey(db, account.id, hashApiKey(key), ip);
  return key;
}

/**
 * POST /api/accounts/me/password {algorithm, password, old_password?}: the old password is required once the
 * account has one. Setting a password activates the account (FlexiAPI), and ends the account's self-service
 * sessions (setPasswords).
 */
export function changePassword(db: Db, s: AccountsSettings, account: Account, body: Record<string, unknown>): void {
  const errors = new FieldErrors();
  const algorithm = requiredString(body, "algorithm", errors);
  if (algorithm !== undefined && !isDigestAlgorithm(algorithm)) errors.add("algorithm", "The password algorithm must be in MD5, SHA-256");
  const password = requiredString(body, "password", errors);
  errors.check();
  const realm = realmOf(s, account);
  const stored = passwordsOf(db, account.id);
  if (stored.length) {
    const old = requiredString(body, "old_password", errors);
    if (old !== undefined && !passwordMatches(stored, account.username, realm, old)) errors.add("old_password", "Incorrect old password");
    errors.check();
  }
  db.transaction(() => {
    setPasswords(db, account.id, [storedPassword(account, realm, password!, algorithm as "MD5" | "SHA-256")]);
    updateAccount(db, account, { activated: 1 });
  })();
}

/** GET /api/accounts/{sip}/info: what anyone may know of an address. */
export function publicInfo(db: Db, s: AccountsSettings, sip: string): { activated: boolean; realm: string | null } {
  const address = parseFrom(`sip:${sip}`);
  const account = address && findAccount(db, address.username, address.domain);
  if (!account) throw new NotFound("There is no account with this SIP address.");
  return { activated: account.activated === 1, realm: s.realm };
}

/** An account by "user@domain" (admin search), or NotFound. */
export function accountBySip(db: Db, sip: string): Account {
  const address = parseFrom(`sip:${sip}`);
  const account = address && findAccount(db, address.username, address.domain);
  if (!account) throw new NotFound("There is no account with this SIP address.");
  return account;
}

/** A Contact Sync device of the account, as its owner sees it on the self-service pages. */
export interface MyDevice {
  device_id: string;
  name: string;
  platform: string;
  contact_count: number;
  updated_at: string;
}

/** The account's Contact Sync devices (every cloud ID of user@domain), the most recently changed first. */
export function devicesOf(db: Db, account: Account): MyDevice[] {
  return listDevicesOfUser(db, `${account.username}@${account.domain}`).map(({ device_id, name, platform, contact_count, updated_at }) => ({ device_id, name, platform, contact_count, updated_at }));
}

/** The account's API key stops working (true when it had one). */
export const revokeApiKey = (db: Db, account: Account): boolean => deleteApiKey(db, account.id);

/** PATCH /api/accounts/me {display_name}: what an account may change of itself without a code (empty: none). */
export function renameMe(db: Db, account: Account, body: Record<string, unknown>): Account {
  const errors = new FieldErrors();
  const display_name = optionalString(body, "display_name", errors);
  errors.check();
  return updateAccount(db, account, { display_name });
}
