// Signing an app in without typing a password (FlexiAPI's AuthToken): the app asks for a token and shows it as a
// QR code, an account that is signed in elsewhere attaches it, and the app trades it once for that account's new
// API key. A token lives five minutes.
import { getAccount, type Account } from "../../db/accounts.ts";
import { addAuthToken, attachAuthToken, takeAuthToken } from "../../db/auth-tokens.ts";
import type { Db } from "../../db/open.ts";
import { NotFound } from "../../lib/errors.ts";
import { randomAlphanumeric } from "../../lib/random.ts";
import type { RequestInfo } from "./manage.ts";
import { newApiKey } from "./me.ts";
import { tokenOrigin } from "./tokens.ts";

export const AUTH_TOKEN_LENGTH = 32;
export const AUTH_TOKEN_MINUTES = 5;

/** Tokens created before this are expired. */
export const authTokenLiveSince = (now = Date.now()): string => new Date(now - AUTH_TOKEN_MINUTES * 60_000).toISOString();

/** POST /api/accounts/auth_token (public). */
export function newAuthToken(db: Db, info: RequestInfo): { token: string } {
  const token = randomAlphanumeric(AUTH_TOKEN_LENGTH);
  addAuthToken(db, token, tokenOrigin(info), authTokenLiveSince());
  return { token };
}

/** GET /api/accounts/auth_token/{token}/attach: once per token, by the signed-in account. */
export function attachToAccount(db: Db, account: Account, token: string): void {
  if (!attachAuthToken(db, token, account.id, authTokenLiveSince())) throw new NotFound("There is no auth token like this to attach (unknown, expired or attached already).");
}

/** GET /api/accounts/me/api_key/{token}: the attached account's new API key; the token is spent. */
export function apiKeyForAuthToken(db: Db, token: string, ip: string): string {
  const accountId = takeAuthToken(db, token, authTokenLiveSince());
  const account = accountId === undefined ? undefined : getAccount(db, accountId);
  if (!account) throw new NotFound("There is no attached auth token like this (unknown, expired, not attached yet or used).");
  return newApiKey(db, account, ip);
}
