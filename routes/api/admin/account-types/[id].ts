// /api/admin/account-types/<id> — PUT {key}: renames the type (same rules as a new one). DELETE: deletes it, which
// takes it off every account.
import type { App } from "../../../../core/app.ts";
import { deleteType, renameType } from "../../../../core/accounts/account-types.ts";
import { json, readJsonObject } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { jsonError } from "../../../errors.ts";

export const renderError = jsonError;

export const PUT: Handler<App> = async (req, ctx) => json(renameType(ctx.app.db, ctx.params.id, await readJsonObject(req)));

export const DELETE: Handler<App> = (_req, ctx) => {
  deleteType(ctx.app.db, ctx.params.id);
  return json({});
};
