// Who may do what: HTTP Basic users from serviceconfig.yml `auth`, roles admin | monitor | user.
// admin may do everything; monitor reads status and metrics; user may dial and search contacts.
import { isPasswordHash, parseBasicAuth, safeEqual, verifyPassword, type SignInLimiter } from "../../lib/basic-auth.ts";
import { Forbidden, TooManyAttempts, Unauthenticated } from "../../lib/errors.ts";
import type { ServiceConfig } from "../config/mpp-files.ts";

export type Role = "admin" | "monitor" | "user";

export interface SignedIn {
  username: string;
  role: Role;
}

export const REALM = "Switchboard";
const CHALLENGE = `Basic realm="${REALM}", charset="UTF-8"`;
// The scrypt hash of a random password nobody kept (same cost as hashPassword's): an unknown username is checked
// against it. Written out rather than made at start-up, which would cost a synchronous scrypt.
const DUMMY_HASH = "scrypt$16384$8$1$a6EiP+ZcGbnEyEMSxV1ZrQ==$0EnLkOsAb88bTUEY0ZKc3B1x8BUmmX21TbiH3Csor54=";

/**
 * The user an Authorization header signs in, when their role is allowed (admin always is). With
 * `auth.enabled: false` everyone is an admin (as in the service we replace). Failures are counted per client
 * address and per username in `failures`; a blocked address or username is refused before any password is checked.
 */
export async function signIn(auth: ServiceConfig["auth"], failures: SignInLimiter, authorization: string | undefined, clientIp: string, allowed: Role[]): Promise<SignedIn> {
  if (!auth.enabled) return { username: "anonymous", role: "admin" };
  const creds = parseBasicAuth(authorization);
  if (failures.isBlocked(clientIp, creds?.username)) throw new TooManyAttempts("Too many failed sign-ins from your address or for this username; try again in a minute.", 60);
  if (!creds) throw new Unauthenticated("Please sign in.", [CHALLENGE]);
  // Every username is compared, and an unknown one is checked against a dummy hash of the same cost, so the
  // time taken does not reveal which usernames exist.
  let user: (typeof auth.users)[number] | undefined;
  for (const u of auth.users) if (safeEqual(creds.username, u.username)) user = u;
  const passOk = await verifyPassword(creds.password, user?.password ?? DUMMY_HASH);
  const match: SignedIn | undefined = user && passOk ? { username: user.username, role: user.role as Role } : undefined;
  if (!match) {
    failures.recordFailure(clientIp, creds.username);
    throw new Unauthenticated("Wrong username or password.", [CHALLENGE]);
  }
  failures.recordSuccess(creds.username);
  if (match.role !== "admin" && !allowed.includes(match.role)) throw new Forbidden(`Your account (${match.role}) may not open this page.`);
  return match;
}

/** Users whose serviceconfig.yml password is plaintext (accepted for compatibility; warned about at start). */
export function plaintextPasswordUsers(auth: ServiceConfig["auth"]): string[] {
  return auth.enabled ? auth.users.filter((u) => !isPasswordHash(u.password)).map((u) => u.username) : [];
}
