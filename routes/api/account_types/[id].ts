// /api/account_types/<id> (admin) — GET: the type. PUT {key}: renames it. DELETE: deletes it (and takes it off
// every account).
import type { App } from "../../../core/app.ts";
import type { SipCaller } from "../../../core/accounts/authenticate.ts";
import { deleteType, renameType, requireAccountType } from "../../../core/accounts/account-types.ts";
import { json, readJsonObject } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { apiError } from "../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) => json(requireAccountType(ctx.app.db, ctx.params.id));

export const PUT: Handler<App, SipCaller> = async (req, ctx) => json(renameType(ctx.app.db, ctx.params.id, await readJsonObject(req)));

export const DELETE: Handler<App, SipCaller> = (_req, ctx) => {
  deleteType(ctx.app.db, ctx.params.id);
  return json({});
};
