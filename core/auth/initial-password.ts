// The example serviceconfig.yml ships the user admin with the password `change-me`, sign-in on, and the server
// listens on every address by default. A password nobody chose is never accepted: an admin without a password of
// its own (the example's, or an empty one) signs in with a password generated at the first start that needs it,
// printed to the log that once and kept only as its scrypt hash in the SQLite file (server_secrets). A password of
// one's own in serviceconfig.yml takes over from it; deleting the row makes the next start print a new one.
import type { Db } from "../../db/open.ts";
import { addServerSecret, findServerSecret } from "../../db/server-secrets.ts";
import { hashPassword } from "../../lib/basic-auth.ts";
import { log } from "../../lib/log.ts";
import { randomAlphanumeric } from "../../lib/random.ts";
import type { AuthUser, ServiceConfig } from "../config/mpp-files.ts";

/** The password config/serviceconfig.example.yml ships with. */
export const EXAMPLE_PASSWORD = "change-me";
/** The server_secrets row holding the generated password's hash. */
export const INITIAL_ADMIN_SECRET = "initial_admin_password";

/** Whether someone chose this user's password (it is neither empty nor the example's). */
export const hasOwnPassword = (user: AuthUser): boolean => user.password !== "" && user.password !== EXAMPLE_PASSWORD;

/**
 * What a user's password is checked against: its own; for an admin without one, the generated password's hash;
 * otherwise nothing (undefined: no password signs this user in).
 */
export function passwordToCheck(db: Db, user: AuthUser): string | undefined {
  if (hasOwnPassword(user)) return user.password;
  return user.role === "admin" ? findServerSecret(db, INITIAL_ADMIN_SECRET) : undefined;
}

/**
 * At start and after each reload: when an admin has no password of its own, makes the initial admin password
 * unless one was made before, and prints it this once. Returns it when it was made now (for tests), else undefined.
 */
export function ensureInitialAdminPassword(db: Db, auth: ServiceConfig["auth"]): string | undefined {
  if (!auth.enabled) return undefined;
  const without = auth.users.filter((u) => !hasOwnPassword(u));
  const admins = without.filter((u) => u.role === "admin").map((u) => u.username);
  const others = without.filter((u) => u.role !== "admin").map((u) => u.username);
  if (others.length) log.warn(`serviceconfig.yml: user(s) ${others.join(", ")} have no password of their own (empty or "${EXAMPLE_PASSWORD}") and cannot sign in; set one (npm run cli -- auth:hash-password)`);
  if (!admins.length) return undefined;
  if (findServerSecret(db, INITIAL_ADMIN_SECRET) !== undefined) {
    log.info(`serviceconfig.yml: ${admins.join(", ")} sign(s) in with the admin password generated at the first start (printed then); write a password of your own into serviceconfig.yml to replace it`);
    return undefined;
  }
  const password = randomAlphanumeric(20);
  addServerSecret(db, INITIAL_ADMIN_SECRET, hashPassword(password));
  log.warn(`serviceconfig.yml: ${admins.join(", ")} has no password of its own (empty or the example's "${EXAMPLE_PASSWORD}"), so one was generated. Sign in as ${admins[0]} with: ${password}`);
  log.warn(`This password is shown only now; its scrypt hash is kept in ${db.name} (table server_secrets). Write a password of your own into serviceconfig.yml (npm run cli -- auth:hash-password) to replace it.`);
  return password;
}
