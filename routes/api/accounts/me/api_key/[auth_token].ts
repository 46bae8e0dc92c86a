// GET /api/accounts/me/api_key/<auth token> (public: the attached token is the credential) — a new API key for the
// account that attached the token, as {api_key} and as the x-api-key cookie, like GET /api/accounts/me/api_key.
// The token is spent: asking again is 404.
import type { App } from "../../../../../core/app.ts";
import { apiKeyForAuthToken } from "../../../../../core/accounts/auth-tokens.ts";
import { json } from "../../../../../lib/http.ts";
import type { Handler } from "../../../../../lib/router.ts";
import { apiError } from "../../../../errors.ts";
import { apiKeyCookie } from "../../../../guards.ts";

export const renderError = apiError;
// This GET changes something, so HEAD is not served from it.
export const getChangesState = true;

export const GET: Handler<App> = (_req, ctx) => {
  const key = apiKeyForAuthToken(ctx.app.db, ctx.params.auth_token, ctx.clientIp);
  return json({ api_key: key }, 200, { "Set-Cookie": apiKeyCookie(ctx.app, key), "Cache-Control": "no-store" });
};
