// POST /api/accounts/{sip}/activate/email|phone (public): the confirmation key an account was sent activates it.
// Email keys are FlexiAPI's 13 characters, phone keys 4 digits (legacy clients send it as `code`). A 4-digit key is
// quickly guessed, so wrong keys are counted per SIP address and a run of them blocks that address for a while.
import { findAccount, updateAccount, type Account } from "../../db/accounts.ts";
import type { Db } from "../../db/open.ts";
import { safeEqual, type FailureLimiter } from "../../lib/basic-auth.ts";
import { Forbidden, NotFound, TooManyAttempts } from "../../lib/errors.ts";
import { parseFrom } from "./authenticate.ts";
import { KEY_LENGTH } from "./manage.ts";
import { FieldErrors, requiredString } from "./rules.ts";

export type ActivationChannel = "email" | "phone";

/** How long an address stays blocked after too many wrong keys (the limiter of App.activationFailures). */
export const ACTIVATION_BLOCK_SECONDS = 600;

/** The key of the body: `code` (older clients) wins over `confirmation_key`, as in FlexiAPI. */
function confirmationKeyOf(body: Record<string, unknown>, channel: ActivationChannel): string {
  const errors = new FieldErrors();
  const key = requiredString(body.code !== undefined ? { confirmation_key: body.code } : body, "confirmation_key", errors);
  if (key !== undefined && channel === "email" && key.length !== KEY_LENGTH) errors.add("confirmation_key", `The confirmation key must be ${KEY_LENGTH} characters.`);
  if (key !== undefined && channel === "phone" && !/^\d{4}$/.test(key)) errors.add("confirmation_key", "The confirmation key must be 4 digits.");
  errors.check();
  return key!;
}

/** Whether the key's expiry (Y-m-d H:i:s, UTC) has passed. */
export function activationExpired(account: Account, now = Date.now()): boolean {
  const expires = account.confirmation_key_expires;
  return expires !== null && Date.parse(`${expires.replace(" ", "T")}Z`) < now;
}

export function activateWithKey(db: Db, failures: FailureLimiter, sip: string, body: Record<string, unknown>, channel: ActivationChannel): Account {
  const key = confirmationKeyOf(body, channel);
  const address = sip.toLowerCase().slice(0, 320);
  if (failures.isBlocked(address)) throw new TooManyAttempts("Too many wrong confirmation keys; try again later.", ACTIVATION_BLOCK_SECONDS);
  const at = parseFrom(`sip:${sip}`);
  const account = at && findAccount(db, at.username, at.domain);
  if (!account?.confirmation_key || !safeEqual(account.confirmation_key, key)) {
    failures.recordFailure(address);
    throw new NotFound("There is no account with this SIP address and confirmation key.");
  }
  if (activationExpired(account)) throw new Forbidden("Activation expired");
  failures.reset(address);
  return updateAccount(db, account, { activated: 1, confirmation_key: null });
}
