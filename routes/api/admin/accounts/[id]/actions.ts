// /api/admin/accounts/<id>/actions — GET: the account's DTMF actions, [{id, key, code}]. POST {key, code}: a new
// one (201). 403 "DTMF Protocol must be configured" while the account has no DTMF protocol.
import type { App } from "../../../../../core/app.ts";
import { actionsOf, addAction } from "../../../../../core/accounts/actions.ts";
import { json, readJsonObject } from "../../../../../lib/http.ts";
import type { Handler } from "../../../../../lib/router.ts";
import { jsonError } from "../../../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (_req, ctx) => json(actionsOf(ctx.app.db, ctx.params.id));

export const POST: Handler<App> = async (req, ctx) => json(addAction(ctx.app.db, ctx.params.id, await readJsonObject(req)), 201);
