// Sign-in to the self-service pages (/account): the SIP username and password are checked on the server, as every
// SIP sign-in is (checkLocally under limitedSignIn: limited per address and per username, unknown usernames cost
// what known ones do), and earn a session: a random token in an HttpOnly cookie, kept here as its SHA-256. A
// session, not HTTP Digest done by the page's script: the script would have to hold the password for every call,
// and a session can be rotated at sign-in, expire when idle and at a fixed end, and be ended on the server.
import { findAccount, getAccount, type Account } from "../../db/accounts.ts";
import type { Db } from "../../db/open.ts";
import { addWebSession, deleteExpiredWebSessions, deleteWebSession, deleteWebSessionById, findWebSession, markWebSessionSeen } from "../../db/web-sessions.ts";
import type { SignInLimiter } from "../../lib/basic-auth.ts";
import { Forbidden, Unauthenticated } from "../../lib/errors.ts";
import { randomToken } from "../../lib/random.ts";
import type { AccountsSettings } from "../config/accounts-settings.ts";
import { checkLocally, limitedSignIn, splitUsername } from "../sync/sso.ts";
import { hashApiKey } from "./authenticate.ts";
import { accountForSignInCode, signInName } from "./sign-in-codes.ts";
import { FieldErrors, requiredString } from "./rules.ts";

/** A session unused this long ends (the next request must sign in again). */
export const SESSION_IDLE_MS = 30 * 60_000;
/** A session ends this long after its sign-in, however busy. */
export const SESSION_MAX_MS = 12 * 3_600_000;
/** last_seen_at is written at most once a minute per session, as an API key's last use is. */
const SEEN_RESOLUTION_MS = 60_000;

export interface PanelSignIn {
  token: string;
  account: Account;
  /** Seconds until the session's absolute end (the cookie's Max-Age). */
  maxAgeSeconds: number;
}

/**
 * POST {username, password} or {username, code}: a new session for the account (username is user, user@domain or
 * sip:user@domain; with a code also an email address, sign-in-codes.ts). Wrong passwords and wrong codes count
 * alike against the address and the name. The session the browser held before, if any, ends: a sign-in always
 * gets a fresh token (no session fixation).
 */
export async function signInToPanel(db: Db, s: AccountsSettings, failures: SignInLimiter, body: Record<string, unknown>, clientIp: string, previousToken?: string): Promise<PanelSignIn> {
  const errors = new FieldErrors();
  const username = requiredString(body, "username", errors);
  const byCode = body.code !== undefined && body.password === undefined;
  const secret = requiredString(body, byCode ? "code" : "password", errors);
  errors.check();
  const account = byCode
    ? await limitedSignIn(failures, clientIp, signInName(username!), () => accountForSignInCode(db, s, username!, secret!.slice(0, 64)))
    : await signInWithPassword(db, s, failures, clientIp, username!, secret!);
  if (previousToken) deleteWebSession(db, hashApiKey(previousToken));
  const now = Date.now();
  deleteExpiredWebSessions(db, new Date(now).toISOString(), new Date(now - SESSION_IDLE_MS).toISOString());
  const token = randomToken(32);
  addWebSession(db, account.id, hashApiKey(token), clientIp, new Date(now + SESSION_MAX_MS).toISOString());
  return { token, account, maxAgeSeconds: SESSION_MAX_MS / 1000 };
}

function signInWithPassword(db: Db, s: AccountsSettings, failures: SignInLimiter, clientIp: string, username: string, password: string): Promise<Account> {
  const { user, host } = splitUsername(username.trim().slice(0, 320), s.sip_domain);
  return limitedSignIn(failures, clientIp, `${user}@${host}`, () =>
    checkLocally(db, s, user, host, password.slice(0, 1024)) ? findAccount(db, user, host) : undefined);
}

/** The account a session cookie stands for; 401 when it is unknown, idle too long or past its end. */
export function accountOfSession(db: Db, token: string, now = Date.now()): Account {
  const session = token ? findWebSession(db, hashApiKey(token)) : undefined;
  if (!session) throw new Unauthenticated("Sign in first: your session has ended.");
  const lastSeen = Date.parse(session.last_seen_at);
  if (Date.parse(session.expires_at) <= now || now - lastSeen > SESSION_IDLE_MS) {
    deleteWebSessionById(db, session.id);
    throw new Unauthenticated("Sign in first: your session has ended.");
  }
  const account = getAccount(db, session.account_id);
  if (!account) throw new Unauthenticated("Sign in first: your session has ended.");
  if (account.blocked) throw new Forbidden("Account blocked");
  if (now - lastSeen > SEEN_RESOLUTION_MS) markWebSessionSeen(db, session.id, new Date(now).toISOString());
  return account;
}

/** Sign-out: the session ends on the server (a copied cookie is worth nothing afterwards). */
export function signOutOfPanel(db: Db, token: string | undefined): void {
  if (token) deleteWebSession(db, hashApiKey(token));
}
