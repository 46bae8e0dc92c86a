// /api/accounts/<id>/types/<type_id> (admin) — POST: gives the account the type (403 when it has it). DELETE:
// takes it off (403 when it does not have it).
import type { App } from "../../../../../core/app.ts";
import type { SipCaller } from "../../../../../core/accounts/authenticate.ts";
import { addTypeTo, removeTypeFrom } from "../../../../../core/accounts/account-types.ts";
import { json } from "../../../../../lib/http.ts";
import type { Handler } from "../../../../../lib/router.ts";
import { apiError } from "../../../../errors.ts";

export const renderError = apiError;

export const POST: Handler<App, SipCaller> = (_req, ctx) => {
  addTypeTo(ctx.app.db, ctx.params.id, ctx.params.type_id);
  return json({});
};

export const DELETE: Handler<App, SipCaller> = (_req, ctx) => {
  removeTypeFrom(ctx.app.db, ctx.params.id, ctx.params.type_id);
  return json({});
};
