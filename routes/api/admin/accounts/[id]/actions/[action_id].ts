// /api/admin/accounts/<id>/actions/<action_id> — PUT {key, code}: changes the action. DELETE: deletes it.
import type { App } from "../../../../../../core/app.ts";
import { deleteAction, updateAction } from "../../../../../../core/accounts/actions.ts";
import { json, readJsonObject } from "../../../../../../lib/http.ts";
import type { Handler } from "../../../../../../lib/router.ts";
import { jsonError } from "../../../../../errors.ts";

export const renderError = jsonError;

export const PUT: Handler<App> = async (req, ctx) =>
  json(updateAction(ctx.app.db, ctx.params.id, ctx.params.action_id, await readJsonObject(req)));

export const DELETE: Handler<App> = (_req, ctx) => {
  deleteAction(ctx.app.db, ctx.params.id, ctx.params.action_id);
  return json({});
};
