// /api/admin/account-types — GET: every account type, [{id, key}]. POST {key}: a new type (201); the key is
// required, unique, lower-case letters, digits, "-" and "_".
import type { App } from "../../../core/app.ts";
import { createType } from "../../../core/accounts/account-types.ts";
import { listAccountTypes } from "../../../db/account-types.ts";
import { json, readJsonObject } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (_req, ctx) => json(listAccountTypes(ctx.app.db));

export const POST: Handler<App> = async (req, ctx) => json(createType(ctx.app.db, await readJsonObject(req)), 201);
