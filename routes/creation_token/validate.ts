// POST /creation_token/validate {account_creation_request_token} — a person confirmed the request on our page
// (/creation_token/check/<token>); only our own pages may post this (guard ownPagesOnly). 422 for an unknown or
// used token.
import type { App } from "../../core/app.ts";
import { confirmRequestToken } from "../../core/accounts/tokens.ts";
import { json, readJsonObject } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { apiError } from "../errors.ts";

export const renderError = apiError;

export const POST: Handler<App> = async (req, ctx) => json(confirmRequestToken(ctx.app.db, await readJsonObject(req)));
