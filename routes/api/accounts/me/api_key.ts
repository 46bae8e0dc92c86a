// GET /api/accounts/me/api_key — a new API key for the signed-in account (the old one stops working), as the
// body and as the x-api-key cookie (HttpOnly) that browser pages of this server use. DELETE: the key stops working
// (the self-service page's "Revoke"; not in FlexiAPI).
import type { App } from "../../../../core/app.ts";
import type { SipCaller } from "../../../../core/accounts/authenticate.ts";
import { newApiKey, revokeApiKey } from "../../../../core/accounts/me.ts";
import { json, text } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { apiError } from "../../../errors.ts";
import { apiKeyCookie, noApiKeyCookie } from "../../../guards.ts";

export const renderError = apiError;
// This GET changes something, so HEAD is not served from it.
export const getChangesState = true;

export const GET: Handler<App, SipCaller> = (_req, ctx) => {
  const key = newApiKey(ctx.app.db, ctx.identity.account, ctx.clientIp);
  const reply = text(key);
  return { ...reply, headers: { ...reply.headers, "Set-Cookie": apiKeyCookie(ctx.app, key), "Cache-Control": "no-store" } };
};

export const DELETE: Handler<App, SipCaller> = (_req, ctx) => {
  const reply = json(revokeApiKey(ctx.app.db, ctx.identity.account));
  return { ...reply, headers: { ...reply.headers, "Set-Cookie": noApiKeyCookie } };
};
