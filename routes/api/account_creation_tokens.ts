// POST /api/account_creation_tokens (admin) — a new account creation token to hand to someone (201).
import type { App } from "../../core/app.ts";
import type { SipCaller } from "../../core/accounts/authenticate.ts";
import { createCreationToken, creationTokenJson } from "../../core/accounts/tokens.ts";
import { json } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { apiError } from "../errors.ts";

export const renderError = apiError;

export const POST: Handler<App, SipCaller> = (req, ctx) =>
  json(creationTokenJson(createCreationToken(ctx.app.db, { ip: ctx.clientIp, userAgent: req.headers["user-agent"] })), 201);
