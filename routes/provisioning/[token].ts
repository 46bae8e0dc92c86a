// GET /provisioning/<provisioning token>[?reset_password] — one-shot: the account's document, the account activated,
// the token spent (a second call is 404).
import type { App } from "../../core/app.ts";
import { provisionByToken, PROVISIONING_CONTENT_TYPE } from "../../core/accounts/provisioning.ts";
import { reply } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { apiError } from "../errors.ts";

export const renderError = apiError;
// This GET changes something, so HEAD is not served from it.
export const getChangesState = true;

export const GET: Handler<App, null> = (req, ctx) => {
  const request = { method: ctx.method, headers: req.headers, query: ctx.query, clientIp: ctx.clientIp };
  return reply(200, provisionByToken(ctx.app, request, ctx.params.token), PROVISIONING_CONTENT_TYPE, { "Cache-Control": "no-store" });
};
