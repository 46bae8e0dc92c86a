// /api/accounts/me — GET: the signed-in account (with its password algorithms). DELETE: the account deletes
// itself; its name stays taken (tombstone).
import type { App } from "../../../core/app.ts";
import type { SipCaller } from "../../../core/accounts/authenticate.ts";
import { deleteWithTombstone } from "../../../core/accounts/manage.ts";
import { accountJson } from "../../../core/accounts/view.ts";
import { json } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { apiError } from "../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) =>
  json(accountJson(ctx.app.db, ctx.app.store.config.switchboard.accounts, ctx.identity.account, { passwords: true }));

export const DELETE: Handler<App, SipCaller> = (_req, ctx) => {
  deleteWithTombstone(ctx.app.db, ctx.identity.account);
  return json(true);
};
