// /api/account_types (admin) — GET: every account type, [{id, key}]. POST {key}: a new type (201); the key is
// required, unique, lower-case letters, digits, "-" and "_".
import type { App } from "../../core/app.ts";
import type { SipCaller } from "../../core/accounts/authenticate.ts";
import { createType } from "../../core/accounts/account-types.ts";
import { listAccountTypes } from "../../db/account-types.ts";
import { json, readJsonObject } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { apiError } from "../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) => json(listAccountTypes(ctx.app.db));

export const POST: Handler<App, SipCaller> = async (req, ctx) => json(createType(ctx.app.db, await readJsonObject(req)), 201);
