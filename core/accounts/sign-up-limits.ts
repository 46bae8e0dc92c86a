// How fast anyone may sign up without an admin (README "Account self-service"): every request token and every
// account creation with a token counts, per client address and — for a creation — per username asked for, in
// App.signUpAttempts. Successes count too: what is limited is making accounts, not guessing.
import type { SignInLimiter } from "../../lib/basic-auth.ts";
import { TooManyAttempts } from "../../lib/errors.ts";

/**
 * More than this many sign-up steps within SIGN_UP_WINDOW_MS from one address, or for one username, block it. A
 * person needs two or three (a request token, a creation, a retry after a 422); an office behind one address a few
 * dozen a day.
 */
export const SIGN_UP_ATTEMPTS = 30;
export const SIGN_UP_WINDOW_MS = 3_600_000;
/** How long a blocked address or username waits (Retry-After says what is left of it). */
export const SIGN_UP_BLOCK_SECONDS = 900;

/** Counts one sign-up step, or refuses it (429) while the address or the username is blocked. */
export function countSignUpAttempt(attempts: SignInLimiter, clientIp: string, username?: unknown): void {
  const who = typeof username === "string" && username.trim() ? username.trim().toLowerCase() : undefined;
  if (attempts.isBlocked(clientIp, who)) {
    throw new TooManyAttempts("Too many sign-ups from your address or for this username; try again later.", Math.max(1, attempts.retryAfterSeconds(clientIp, who)));
  }
  attempts.recordFailure(clientIp, who);
}
