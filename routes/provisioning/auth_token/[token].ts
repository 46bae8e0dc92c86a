// GET /provisioning/auth_token/<auth token>[?reset_password] — the document of the account that attached this auth
// token (FlexiAPI 1.5); the token is spent.
import type { App } from "../../../core/app.ts";
import { provisionByAuthToken, PROVISIONING_CONTENT_TYPE } from "../../../core/accounts/provisioning.ts";
import { reply } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { apiError } from "../../errors.ts";

export const renderError = apiError;
// This GET changes something, so HEAD is not served from it.
export const getChangesState = true;

export const GET: Handler<App, null> = (req, ctx) => {
  const request = { method: ctx.method, headers: req.headers, query: ctx.query, clientIp: ctx.clientIp };
  return reply(200, provisionByAuthToken(ctx.app, request, ctx.params.token), PROVISIONING_CONTENT_TYPE, { "Cache-Control": "no-store" });
};
