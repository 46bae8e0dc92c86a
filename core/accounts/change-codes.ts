// What the email and phone changes (FlexiAPI 1.5's /api/accounts/me/email|phone[/request]) share: who may ask,
// how often, the 4-digit code's life, and how a pending change shows in the account's JSON.
//
// Limits: an account that asked confirmation.blocking_max_requests times within blocking_period_minutes (both
// channels together) is blocked, as FlexiAPI's BlockingService does; one request per channel within
// request_interval_seconds (429 otherwise), so nobody floods an inbox or a phone; a code lives
// code_expiration_minutes; wrong codes drop it (a phone code at once, an email code after wrong_codes_allowed).
import { hasSpentCreationToken } from "../../db/account-creation-tokens.ts";
import { updateAccount, type Account } from "../../db/accounts.ts";
import {
  addChangeCode, changeRequestsSince, countWrongAttempt, dropChangeCode, latestChangeCode, pendingChangeCode, removeChangeCode,
  type ChangeChannel, type ChangeCode,
} from "../../db/change-codes.ts";
import type { Db } from "../../db/open.ts";
import { safeEqual } from "../../lib/basic-auth.ts";
import { Forbidden, NotFound, TooManyAttempts } from "../../lib/errors.ts";
import { randomPin } from "../../lib/random.ts";
import type { ConfirmationSettings } from "../config/confirmation-settings.ts";
import type { RequestInfo } from "./manage.ts";
import { FieldErrors, numberAsText, requiredString } from "./rules.ts";

const MINUTE = 60_000;

/**
 * FlexiAPI's order before a change request: an account that asked too often is blocked now (403), and only
 * accounts that came with a creation token — made by sign-up, or that claimed one — may ask (403 otherwise).
 */
export function checkMayRequestChange(db: Db, c: ConfirmationSettings, account: Account, now = Date.now()): void {
  const since = new Date(now - c.blocking_period_minutes * MINUTE).toISOString();
  if (c.blocking_max_requests > 0 && changeRequestsSince(db, account.id, since) >= c.blocking_max_requests) {
    updateAccount(db, account, { blocked: 1 });
    throw new Forbidden("Account blocked");
  }
  if (!hasSpentCreationToken(db, account.id)) throw new Forbidden("Account unvalidated");
}

/**
 * Makes a code for `address`, stores it and hands it to `deliver` (the mail or SMS). When delivery fails the request
 * is forgotten — no code, no count towards blocking — and its error (503) is the answer. The interval check and the
 * insert run without a pause between them, so two requests at once cannot both pass.
 */
export async function sendChangeCode(
  db: Db, c: ConfirmationSettings, channel: ChangeChannel, account: Account, address: string, info: RequestInfo,
  deliver: (code: string) => Promise<void>, now = Date.now(),
): Promise<void> {
  const last = latestChangeCode(db, channel, account.id);
  const wait = last ? Math.ceil((Date.parse(last.created_at) + c.request_interval_seconds * 1000 - now) / 1000) : 0;
  if (wait > 0) throw new TooManyAttempts(`A code was sent a moment ago; ask again in ${wait} s.`, wait);
  const row = addChangeCode(db, channel, {
    accountId: account.id,
    address,
    code: randomPin(),
    ip: info.ip,
    userAgent: info.userAgent?.slice(0, 255) ?? null,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + c.code_expiration_minutes * MINUTE).toISOString(),
  });
  try {
    await deliver(row.code!);
  } catch (err) {
    removeChangeCode(db, channel, row.id);
    throw err;
  }
}

/**
 * The pending change the body's `code` (4 digits, else 422) confirms. No pending code is 404, an expired one 403
 * (and dropped); a wrong one 403 — a wrong phone code drops the pending one at once (FlexiAPI 1.3), a wrong email
 * code after `wrong_codes_allowed` tries.
 */
export function checkChangeCode(db: Db, c: ConfirmationSettings, channel: ChangeChannel, account: Account, body: Record<string, unknown>, now = Date.now()): ChangeCode {
  const errors = new FieldErrors();
  const code = requiredString({ code: numberAsText(body.code) }, "code", errors);
  if (code !== undefined && !/^\d{4}$/.test(code)) errors.add("code", "The code must be 4 digits.");
  errors.check();
  const pending = pendingChangeCode(db, channel, account.id);
  if (!pending) throw new NotFound(`There is no ${channel} change waiting for a code; ask for a new code.`);
  if (Date.parse(pending.expires_at) < now) {
    dropChangeCode(db, channel, pending.id);
    throw new Forbidden("The code has expired; ask for a new one.");
  }
  if (!safeEqual(pending.code!, code!)) {
    if (channel === "phone" || countWrongAttempt(db, channel, pending.id) >= c.wrong_codes_allowed) dropChangeCode(db, channel, pending.id);
    throw new Forbidden("Wrong code");
  }
  return pending;
}

/** A pending change as the account's JSON shows it (FlexiAPI 1.5 `email_change_code`); the code only to admins. */
export interface PendingChangeJson {
  email?: string;
  phone?: string;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  expires_at: string;
  code?: string;
}

export function pendingChangeJson(db: Db, channel: ChangeChannel, accountId: number, withCode: boolean, now = Date.now()): PendingChangeJson | null {
  const p = pendingChangeCode(db, channel, accountId);
  if (!p || Date.parse(p.expires_at) < now) return null;
  const json: PendingChangeJson = { [channel]: p.address, ip: p.ip_address, user_agent: p.user_agent, created_at: p.created_at, expires_at: p.expires_at };
  if (withCode) json.code = p.code!;
  return json;
}
