// POST /api/account_creation_tokens/using-account-creation-request-token (public) {account_creation_request_token}
// — an account creation token for a request token a person validated (201); 404 before, 422 for an unknown or
// used request token.
import type { App } from "../../../core/app.ts";
import { creationTokenForRequest, creationTokenJson } from "../../../core/accounts/tokens.ts";
import { json, readJsonObject } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { apiError } from "../../errors.ts";

export const renderError = apiError;

export const POST: Handler<App> = async (req, ctx) => {
  const token = creationTokenForRequest(ctx.app.db, await readJsonObject(req), { ip: ctx.clientIp, userAgent: req.headers["user-agent"] });
  return json(creationTokenJson(token), 201);
};
