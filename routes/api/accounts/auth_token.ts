// POST /api/accounts/auth_token (public) — a new auth token (201 {token}), valid for five minutes: an account
// attaches it (…/auth_token/<token>/attach), then the app that asked trades it for an API key (me/api_key/<token>).
import type { App } from "../../../core/app.ts";
import { newAuthToken } from "../../../core/accounts/auth-tokens.ts";
import { json } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { apiError } from "../../errors.ts";

export const renderError = apiError;

export const POST: Handler<App> = (req, ctx) => json(newAuthToken(ctx.app.db, { ip: ctx.clientIp, userAgent: req.headers["user-agent"] }), 201);
