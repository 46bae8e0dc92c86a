// /api/admin/accounts/<id>/types/<type_id> — POST: gives the account the type. DELETE: takes it off. 403 when it
// has it already, or does not have it.
import type { App } from "../../../../../../core/app.ts";
import { addTypeTo, removeTypeFrom } from "../../../../../../core/accounts/account-types.ts";
import { json } from "../../../../../../lib/http.ts";
import type { Handler } from "../../../../../../lib/router.ts";
import { jsonError } from "../../../../../errors.ts";

export const renderError = jsonError;

export const POST: Handler<App> = (_req, ctx) => {
  addTypeTo(ctx.app.db, ctx.params.id, ctx.params.type_id);
  return json({});
};

export const DELETE: Handler<App> = (_req, ctx) => {
  removeTypeFrom(ctx.app.db, ctx.params.id, ctx.params.type_id);
  return json({});
};
