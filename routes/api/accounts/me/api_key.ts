// GET /api/accounts/me/api_key — a new API key for the signed-in account (the old one stops working), as the
// body and as the x-api-key cookie (HttpOnly) that browser pages of this server use — except when asked with a
// self-service session: that browser is signed in already, and the key is for the person's apps; a cookie would
// sign the browser in again on its own after sign-out, a password change or the session's expiry. DELETE: the key
// stops working (the self-service page's "Revoke"; not in FlexiAPI).
import type { App } from "../../../../core/app.ts";
import type { SipCaller } from "../../../../core/accounts/authenticate.ts";
import { newApiKey, revokeApiKey } from "../../../../core/accounts/me.ts";
import { json, text } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { apiError } from "../../../errors.ts";
import { apiKeyCookie, noApiKeyCookie, sessionOf } from "../../../guards.ts";

export const renderError = apiError;
// This GET changes something, so HEAD is not served from it.
export const getChangesState = true;

export const GET: Handler<App, SipCaller> = (req, ctx) => {
  const key = newApiKey(ctx.app.db, ctx.identity.account, ctx.clientIp);
  const reply = text(key);
  const headers: Record<string, string> = { ...reply.headers, "Cache-Control": "no-store" };
  if (sessionOf(req) === undefined) headers["Set-Cookie"] = apiKeyCookie(ctx.app, key);
  return { ...reply, headers };
};

export const DELETE: Handler<App, SipCaller> = (_req, ctx) => {
  const reply = json(revokeApiKey(ctx.app.db, ctx.identity.account));
  return { ...reply, headers: { ...reply.headers, "Set-Cookie": noApiKeyCookie } };
};
