// Account creation tokens (FlexiAPI's AccountCreationToken) and the request tokens that lead to one: an app asks
// for a request token, a person confirms it on our page (validation_url), the app exchanges it for a creation token
// and creates its account with that (sign-up.ts). Or the app asks for a token by push: it arrives only on the
// device that asked. Admins hand out creation tokens directly; a signed-in account may claim one (1.5's consume).
import type { Account } from "../../db/accounts.ts";
import {
  addCreationToken, addRequestToken, consumeCreationToken, exchangeRequestToken, findCreationToken, findRequestToken, latestUsedTokenForDevice,
  validateRequestToken, type AccountCreationRequestToken, type AccountCreationToken, type PushDevice, type TokenOrigin,
} from "../../db/account-creation-tokens.ts";
import type { Db } from "../../db/open.ts";
import type { SignInLimiter } from "../../lib/basic-auth.ts";
import { NotFound, TooManyAttempts } from "../../lib/errors.ts";
import { randomAlphanumeric } from "../../lib/random.ts";
import type { PushSettings } from "../config/push-settings.ts";
import type { FlexisipPusher } from "./flexisip-pusher.ts";
import { KEY_LENGTH, type RequestInfo } from "./manage.ts";
import { countSignUpAttempt } from "./sign-up-limits.ts";
import { FieldErrors, requiredString } from "./rules.ts";

/** The web page where a person confirms a request token (FlexiAPI's account.creation_request_token.check). */
export const validationUrl = (publicUrl: string, token: string): string => `${publicUrl}/creation_token/check/${encodeURIComponent(token)}`;

export const tokenOrigin = (info: RequestInfo): TokenOrigin => ({ ip: info.ip, userAgent: info.userAgent?.slice(0, 255) ?? null });

/** A creation token as FlexiAPI shows it (its model without id and timestamps). */
export function creationTokenJson(t: AccountCreationToken) {
  return {
    token: t.token,
    used: t.used === 1,
    account_id: t.account_id,
    pn_provider: t.pn_provider,
    pn_param: t.pn_param,
    pn_prid: t.pn_prid,
    ip: t.ip_address,
    user_agent: t.user_agent,
  };
}

/** FlexiAPI's rule for a token in a body: present, of the key length, known and unused. */
function checkToken<T extends { used: number }>(body: Record<string, unknown>, field: string, find: (token: string) => T | undefined, errors: FieldErrors): T | undefined {
  const token = requiredString(body, field, errors);
  if (token === undefined) return undefined;
  const found = token.length === KEY_LENGTH ? find(token) : undefined;
  if (!found || found.used) errors.add(field, `Please provide a valid ${field}`);
  return found && !found.used ? found : undefined;
}

/** `account_creation_token` of a body: an unused creation token, or a 422 on that field (collected in `errors`). */
export const checkCreationToken = (db: Db, body: Record<string, unknown>, errors: FieldErrors): AccountCreationToken | undefined =>
  checkToken(body, "account_creation_token", (t) => findCreationToken(db, t), errors);

function requireRequestToken(db: Db, body: Record<string, unknown>): AccountCreationRequestToken {
  const errors = new FieldErrors();
  const found = checkToken(body, "account_creation_request_token", (t) => findRequestToken(db, t), errors);
  errors.check();
  return found!;
}

/**
 * POST /api/account_creation_request_tokens: a new request token and the page where a person validates it; limited
 * per client address (sign-up-limits.ts).
 */
export function createRequestToken(db: Db, publicUrl: string, attempts: SignInLimiter, clientIp: string): { token: string; validation_url: string } {
  countSignUpAttempt(attempts, clientIp);
  const { token } = addRequestToken(db, randomAlphanumeric(KEY_LENGTH));
  return { token, validation_url: validationUrl(publicUrl, token) };
}

/** The validation page is shown only for a request token that is still to be used. */
export function requirePendingRequestToken(db: Db, token: string): void {
  const found = findRequestToken(db, token);
  if (!found || found.used) {
    throw new NotFound("This account creation request is unknown or was used already.", {
      title: "Unknown request",
      hint: "Ask the app for a new account creation request and open the link it gives you.",
    });
  }
}

/** A person confirmed the request on our page: the app may now exchange it for a creation token. */
export function confirmRequestToken(db: Db, body: Record<string, unknown>): { token: string; validated_at: string | null } {
  const { token } = requireRequestToken(db, body);
  validateRequestToken(db, token);
  return { token, validated_at: findRequestToken(db, token)!.validated_at };
}

/**
 * POST /api/account_creation_tokens/using-account-creation-request-token: a creation token for a validated request
 * token, which is spent. 422 for an unknown or used request token, 404 while nobody validated it.
 */
export function creationTokenForRequest(db: Db, body: Record<string, unknown>, info: RequestInfo): AccountCreationToken {
  const request = requireRequestToken(db, body);
  const created = exchangeRequestToken(db, request.token, randomAlphanumeric(KEY_LENGTH), tokenOrigin(info));
  if (!created) throw new NotFound("This account creation request has not been validated yet.");
  return created;
}

/** POST /api/account_creation_tokens by an admin. */
export const createCreationToken = (db: Db, info: RequestInfo): AccountCreationToken =>
  addCreationToken(db, randomAlphanumeric(KEY_LENGTH), tokenOrigin(info));

/** POST /api/account_creation_tokens/consume (1.5): the signed-in account spends an unused token (404 otherwise). */
export function consumeForAccount(db: Db, account: Account, body: Record<string, unknown>, info: RequestInfo): AccountCreationToken {
  const token = typeof body.account_creation_token === "string" ? body.account_creation_token : "";
  if (!token || !consumeCreationToken(db, token, account.id, tokenOrigin(info))) throw new NotFound("There is no unused account creation token like this.");
  return findCreationToken(db, token)!;
}

/** The device fields of a send-by-push body: required, text of at most 255 characters without control characters. */
function checkDevice(body: Record<string, unknown>): PushDevice {
  const errors = new FieldErrors();
  const field = (name: keyof PushDevice): string => {
    const v = requiredString(body, name, errors);
    if (v !== undefined && (v.length > 255 || /\p{Cc}/u.test(v))) errors.add(name, `The ${name.replace(/_/g, " ")} must be a line of at most 255 characters.`);
    return v ?? "";
  };
  const device = { pn_provider: field("pn_provider"), pn_param: field("pn_param"), pn_prid: field("pn_prid") };
  errors.check();
  return device;
}

/**
 * POST /api/account_creation_tokens/send-by-push: a new creation token pushed to the device, stored only once it
 * was sent (503 otherwise). A device that used a token sent within `retry_minutes` gets none (429), as FlexiAPI:
 * tokens it has not used yet do not count, so an app whose push got lost may ask again.
 */
export async function sendCreationTokenByPush(db: Db, pusher: FlexisipPusher, s: PushSettings, body: Record<string, unknown>, info: RequestInfo): Promise<void> {
  const device = checkDevice(body);
  const windowMs = s.retry_minutes * 60_000;
  const last = latestUsedTokenForDevice(db, device, new Date(Date.now() - windowMs).toISOString());
  if (last) {
    const retryAfter = Math.max(1, Math.ceil((Date.parse(last.created_at) + windowMs - Date.now()) / 1000));
    throw new TooManyAttempts("Last token requested too recently", retryAfter);
  }
  const token = randomAlphanumeric(KEY_LENGTH);
  await pusher.sendToken(device, token);
  addCreationToken(db, token, tokenOrigin(info), device);
}
