// POST /api/account_creation_request_tokens (public) — a request token and its validation_url, the page where a
// person confirms it before the app exchanges it for an account creation token (201). Limited per client address
// (429 with Retry-After; README "Account self-service").
import type { App } from "../../core/app.ts";
import { createRequestToken } from "../../core/accounts/tokens.ts";
import { json } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { apiError } from "../errors.ts";

export const renderError = apiError;

export const POST: Handler<App> = (_req, ctx) =>
  json(createRequestToken(ctx.app.db, ctx.app.store.config.switchboard.public_url, ctx.app.signUpAttempts, ctx.clientIp), 201);
