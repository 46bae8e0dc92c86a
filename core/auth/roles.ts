// Who may do what: HTTP Basic users from serviceconfig.yml `auth`, roles admin | monitor | user.
// admin may do everything; monitor reads status and metrics; user may dial and search contacts.
import type { IncomingMessage } from "node:http";
import { FailureLimiter, isPasswordHash, parseBasicAuth, safeEqual, verifyPassword } from "../../lib/basic-auth.ts";
import { HttpError } from "../../lib/http.ts";
import type { RequestContext } from "../../lib/router.ts";
import type { App } from "../app.ts";

export type Role = "admin" | "monitor" | "user";

export interface SignedIn {
  username: string;
  role: Role;
}

export const REALM = "Switchboard";
const limiters = new WeakMap<App, FailureLimiter>();

function limiterOf(app: App): FailureLimiter {
  let l = limiters.get(app);
  if (!l) limiters.set(app, (l = new FailureLimiter(10, 60_000, 60_000)));
  return l;
}

/**
 * The signed-in user, or a 401/403/429 HttpError. With `auth.enabled: false` everyone is an admin (as the
 * service we replace). More than 10 failures a minute from one address lock that address out for a minute.
 */
export function requireRole(req: IncomingMessage, ctx: RequestContext<App>, allowed: Role[]): SignedIn {
  const { auth } = ctx.app.store.config.service;
  if (!auth.enabled) return { username: "anonymous", role: "admin" };
  const limiter = limiterOf(ctx.app);
  if (limiter.isBlocked(ctx.clientIp)) throw new HttpError(429, "Too many failed sign-ins from your address; try again in a minute.", { "Retry-After": "60" });
  const challenge = { "WWW-Authenticate": `Basic realm="${REALM}", charset="UTF-8"` };
  const creds = parseBasicAuth(req.headers.authorization);
  if (!creds) throw new HttpError(401, "Please sign in.", challenge);
  // Check every user so the time taken does not reveal which usernames exist.
  let match: SignedIn | undefined;
  for (const u of auth.users) {
    const nameOk = safeEqual(creds.username, u.username);
    const passOk = nameOk && verifyPassword(creds.password, u.password);
    if (nameOk && passOk) match = { username: u.username, role: u.role as Role };
  }
  if (!match) {
    limiter.recordFailure(ctx.clientIp);
    throw new HttpError(401, "Wrong username or password.", challenge);
  }
  limiter.reset(ctx.clientIp);
  if (match.role !== "admin" && !allowed.includes(match.role)) {
    throw new HttpError(403, `Your account (${match.role}) may not open this page.`);
  }
  return match;
}

/** Users whose serviceconfig.yml password is plaintext (accepted for compatibility; warned about at start). */
export function plaintextPasswordUsers(app: App): string[] {
  const { auth } = app.store.config.service;
  return auth.enabled ? auth.users.filter((u) => !isPasswordHash(u.password)).map((u) => u.username) : [];
}
