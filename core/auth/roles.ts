// Who may do what: HTTP Basic users from serviceconfig.yml `auth`, roles admin | monitor | user.
// admin may do everything; monitor reads status and metrics; user may dial and search contacts.
import { isPasswordHash, parseBasicAuth, safeEqual, verifyPassword, type SignInLimiter } from "../../lib/basic-auth.ts";
import { Forbidden, TooManyAttempts, Unauthenticated } from "../../lib/errors.ts";
import type { Db } from "../../db/open.ts";
import type { ServiceConfig } from "../config/mpp-files.ts";
import type { Config } from "../config/store.ts";
import { hasOwnPassword, passwordToCheck } from "./initial-password.ts";

export type Role = "admin" | "monitor" | "user";

export interface SignedIn {
  username: string;
  role: Role;
}

/**
 * What signing in reads: the live config (its users, and the sign-ins its generation remembers), the failures, and
 * the database (the generated initial admin password, core/auth/initial-password.ts).
 */
export interface SignInApp {
  store: { readonly config: Pick<Config, "service" | "caches"> };
  signInFailures: SignInLimiter;
  db: Db;
}

export const REALM = "Switchboard";
const CHALLENGE = `Basic realm="${REALM}", charset="UTF-8"`;
// The scrypt hash of a random password nobody kept (same cost as hashPassword's): an unknown username is checked
// against it. Written out rather than made at start-up, which would cost a synchronous scrypt.
const DUMMY_HASH = "scrypt$16384$8$1$a6EiP+ZcGbnEyEMSxV1ZrQ==$0EnLkOsAb88bTUEY0ZKc3B1x8BUmmX21TbiH3Csor54=";

/**
 * The user an Authorization header signs in, when their role is allowed (admin always is). With
 * `auth.enabled: false` everyone is an admin (as in the service we replace). Failures are counted per client
 * address and per username; a blocked address or username is refused before any password is looked at — even a
 * remembered one, or a guess made during the block would be answered whenever it is right. A header verified in
 * the last minutes is then taken as it was: a scraper polling /metrics costs no scrypt each time.
 */
/** Sign-in is on and serviceconfig.yml (missing, or without auth.users) names nobody who could sign in. */
export const NOBODY_CAN_SIGN_IN = "Nobody can sign in: serviceconfig.yml lists no users (auth.users). The server's log says why.";

export async function signIn(app: SignInApp, authorization: string | undefined, clientIp: string, allowed: Role[]): Promise<SignedIn> {
  // One config generation throughout: what a reload replaces is neither checked against nor remembered.
  const { service, caches } = app.store.config;
  const { auth } = service;
  const failures = app.signInFailures;
  if (!auth.enabled) return { username: "anonymous", role: "admin" };
  const creds = parseBasicAuth(authorization);
  if (failures.isBlocked(clientIp, creds?.username)) throw new TooManyAttempts("Too many failed sign-ins from your address or for this username; try again in a minute.", 60);
  if (!creds) throw new Unauthenticated("Please sign in.", [CHALLENGE]);
  const remembered = caches.signIns.get(authorization!);
  if (remembered) return permitted(remembered, allowed);
  // Every username is compared, and an unknown one (or one no password signs in) is checked against a dummy hash
  // of the same cost, so the time taken does not reveal which usernames exist.
  let user: (typeof auth.users)[number] | undefined;
  for (const u of auth.users) if (safeEqual(creds.username, u.username)) user = u;
  const stored = user && passwordToCheck(app.db, user);
  const passOk = (await verifyPassword(creds.password, stored ?? DUMMY_HASH)) && stored !== undefined;
  if (!user || !passOk) {
    failures.recordFailure(clientIp, creds.username);
    // Said only once the guess is counted and its time spent: it tells a guesser nothing worth knowing.
    if (auth.users.length === 0) throw new Unauthenticated(NOBODY_CAN_SIGN_IN, [CHALLENGE]);
    throw new Unauthenticated("Wrong username or password.", [CHALLENGE]);
  }
  failures.recordSuccess(creds.username);
  const match: SignedIn = { username: user.username, role: user.role as Role };
  caches.signIns.remember(authorization!, match);
  return permitted(match, allowed);
}

/**
 * Takes as long as checking a password of a known user: a refusal that involved no user (a wrong phone-book key
 * given as a Basic password) then looks like one that did, and tells nobody which usernames exist.
 */
export async function spendPasswordCheck(password: string): Promise<void> {
  await verifyPassword(password, DUMMY_HASH);
}

function permitted(who: SignedIn, allowed: Role[]): SignedIn {
  if (who.role !== "admin" && !allowed.includes(who.role)) throw new Forbidden(`Your account (${who.role}) may not open this page.`);
  return who;
}

/**
 * Users whose serviceconfig.yml password is plaintext (accepted for compatibility; warned about at start). Users
 * without a password of their own are not among them: that password is never accepted (initial-password.ts).
 */
export function plaintextPasswordUsers(auth: ServiceConfig["auth"]): string[] {
  return auth.enabled ? auth.users.filter((u) => hasOwnPassword(u) && !isPasswordHash(u.password)).map((u) => u.username) : [];
}
