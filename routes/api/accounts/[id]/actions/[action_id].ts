// /api/accounts/<id>/actions/<action_id> (admin; 403 when the account has no dtmf_protocol) — GET: the action.
// PUT {key, code}: changes it. DELETE: deletes it.
import type { App } from "../../../../../core/app.ts";
import type { SipCaller } from "../../../../../core/accounts/authenticate.ts";
import { actionOf, deleteAction, updateAction } from "../../../../../core/accounts/actions.ts";
import { json, readJsonObject } from "../../../../../lib/http.ts";
import type { Handler } from "../../../../../lib/router.ts";
import { apiError } from "../../../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) => json(actionOf(ctx.app.db, ctx.params.id, ctx.params.action_id));

export const PUT: Handler<App, SipCaller> = async (req, ctx) =>
  json(updateAction(ctx.app.db, ctx.params.id, ctx.params.action_id, await readJsonObject(req)));

export const DELETE: Handler<App, SipCaller> = (_req, ctx) => {
  deleteAction(ctx.app.db, ctx.params.id, ctx.params.action_id);
  return json({});
};
