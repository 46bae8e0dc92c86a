// Sign-in to the self-service pages by a one-time code (README "Account self-service"), offered when a mail server
// or an SMS sender is configured: POST /api/session/code {username} sends a 6-digit code to the account's email
// address (or, without one or without mail, its phone number); POST /api/session {username, code} trades it for a
// session like a password (web-sessions.ts). The answer to a request is the same whether or not the account exists
// or has an address — the code is sent after the answer, so not even its timing tells. Codes live
// SIGN_IN_CODE_MINUTES, are spent by their sign-in, dropped after SIGN_IN_CODE_TRIES wrong tries, and are stored
// only as a hash.
import { randomInt } from "node:crypto";
import { findAccount, findAccountByEmail, type Account } from "../../db/accounts.ts";
import type { Db } from "../../db/open.ts";
import { countWrongSignInCode, deleteSignInCode, findSignInCode, saveSignInCode } from "../../db/sign-in-codes.ts";
import { safeEqual } from "../../lib/basic-auth.ts";
import { TooManyAttempts, Unavailable } from "../../lib/errors.ts";
import { log } from "../../lib/log.ts";
import type { App } from "../app.ts";
import type { AccountsSettings } from "../config/accounts-settings.ts";
import { splitUsername } from "../sync/sso.ts";
import { senderOf } from "./account-mail.ts";
import { hashApiKey } from "./authenticate.ts";
import { signInCodeMail, signInCodeSms } from "./confirmation-messages.ts";
import { FieldErrors, requiredString } from "./rules.ts";

export const SIGN_IN_CODE_MINUTES = 10;
export const SIGN_IN_CODE_TRIES = 5;
/** More than this many code requests within 10 minutes from one address, or for one name, block it (App.signInCodeRequests). */
export const CODE_REQUESTS = 5;
export const CODE_REQUEST_BLOCK_SECONDS = 600;

/** Whether the pages offer sign-in by code: something can carry the code. */
export const codeSignInOffered = (app: App): boolean => app.mail.configured || app.sms.configured;

/**
 * The account a sign-in names: user, user@domain or sip:user@domain; or an email address when
 * accounts.email_unique holds (otherwise an address may stand for several accounts).
 */
export function accountNamedBy(db: Db, s: AccountsSettings, name: string): Account | undefined {
  const trimmed = name.trim().slice(0, 320);
  const at = trimmed.lastIndexOf("@");
  if (!trimmed || at === 0 || at === trimmed.length - 1) return undefined;
  const { user, host } = splitUsername(trimmed, s.sip_domain);
  return findAccount(db, user, host) ?? (s.email_unique && at > 0 ? findAccountByEmail(db, trimmed) : undefined);
}

const codeHash = (accountId: number, code: string): string => hashApiKey(`${accountId}:${code}`);
/** The name a request or a try is counted under (limiters). */
export const signInName = (name: string): string => name.trim().toLowerCase().slice(0, 320);

/** POST /api/session/code {username}: a code on its way when the account exists and can be reached; the same answer either way. */
export function requestSignInCode(app: App, body: Record<string, unknown>, clientIp: string): void {
  const errors = new FieldErrors();
  const name = requiredString(body, "username", errors);
  errors.check();
  if (!codeSignInOffered(app)) throw new Unavailable("Sign-in by code is not set up on this server: sign in with your password.");
  const who = signInName(name!);
  const limiter = app.signInCodeRequests;
  if (limiter.isBlocked(clientIp, who)) {
    throw new TooManyAttempts("Too many codes asked for from your address or for this name; try again later.", Math.max(1, limiter.retryAfterSeconds(clientIp, who)));
  }
  limiter.recordFailure(clientIp, who);
  const account = accountNamedBy(app.db, app.store.config.switchboard.accounts, name!);
  if (!account?.activated || account.blocked) return;
  const deliver = deliveryFor(app, account);
  if (!deliver) return;
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const now = Date.now();
  saveSignInCode(app.db, account.id, codeHash(account.id, code), new Date(now).toISOString(), new Date(now + SIGN_IN_CODE_MINUTES * 60_000).toISOString());
  // After the answer: how long a mail takes must not tell who has an account.
  void deliver(code).catch((err: Error) => log.warn(`sign-in code for account ${account.id} not sent: ${err.message}`));
}

/** The account's email address when mail is configured, else its phone number when SMS is; undefined: neither. */
function deliveryFor(app: App, account: Account): ((code: string) => Promise<void>) | undefined {
  const from = senderOf(app);
  if (account.email && app.mail.configured) return (code) => app.mail.send(signInCodeMail(from, account.email!, account, code, SIGN_IN_CODE_MINUTES));
  if (account.phone && app.sms.configured) return (code) => app.sms.send(account.phone!, signInCodeSms(from, code, SIGN_IN_CODE_MINUTES));
  return undefined;
}

/** The account whose pending code this is (spent now); undefined for a wrong, expired or missing code, or no account. */
export function accountForSignInCode(db: Db, s: AccountsSettings, name: string, code: string, now = Date.now()): Account | undefined {
  const account = accountNamedBy(db, s, name);
  const pending = account && findSignInCode(db, account.id);
  if (!account || !pending) return undefined;
  if (Date.parse(pending.expires_at) <= now) {
    deleteSignInCode(db, account.id);
    return undefined;
  }
  if (!safeEqual(pending.code_hash, codeHash(account.id, code.trim()))) {
    if (countWrongSignInCode(db, account.id) >= SIGN_IN_CODE_TRIES) deleteSignInCode(db, account.id);
    return undefined;
  }
  deleteSignInCode(db, account.id);
  return account.activated && !account.blocked ? account : undefined;
}
