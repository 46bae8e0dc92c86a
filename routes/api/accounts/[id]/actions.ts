// /api/accounts/<id>/actions (admin; 403 when the account has no dtmf_protocol) — GET: its DTMF actions,
// [{id, key, code}]. POST {key, code}: a new action (201).
import type { App } from "../../../../core/app.ts";
import type { SipCaller } from "../../../../core/accounts/authenticate.ts";
import { actionsOf, addAction } from "../../../../core/accounts/actions.ts";
import { json, readJsonObject } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { apiError } from "../../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) => json(actionsOf(ctx.app.db, ctx.params.id));

export const POST: Handler<App, SipCaller> = async (req, ctx) => json(addAction(ctx.app.db, ctx.params.id, await readJsonObject(req)), 201);
