// /api/accounts/<id> (admin) — GET: one account, with its pending email and phone changes and their codes. PUT: replace its fields (and password when given). DELETE: delete
// it; its name stays taken (tombstone).
import type { App } from "../../../core/app.ts";
import type { SipCaller } from "../../../core/accounts/authenticate.ts";
import { deleteWithTombstone, requireAccount, updateAccountAsAdmin } from "../../../core/accounts/manage.ts";
import { accountJson } from "../../../core/accounts/view.ts";
import { json, readJsonObject } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { apiError } from "../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) =>
  json(accountJson(ctx.app.db, ctx.app.store.config.switchboard.accounts, requireAccount(ctx.app.db, ctx.params.id), { pendingChanges: "with-codes" }));

export const PUT: Handler<App, SipCaller> = async (req, ctx) => {
  const { db, store } = ctx.app;
  const settings = store.config.switchboard.accounts;
  const account = updateAccountAsAdmin(db, settings, ctx.params.id, await readJsonObject(req), { ip: ctx.clientIp, userAgent: req.headers["user-agent"] });
  return json(accountJson(db, settings, account, { confirmationKey: true }));
};

export const DELETE: Handler<App, SipCaller> = (_req, ctx) => {
  deleteWithTombstone(ctx.app.db, requireAccount(ctx.app.db, ctx.params.id));
  return json({});
};
