// /api/accounts/me — GET: the signed-in account (with its password algorithms). PATCH {display_name}: its display
// name (the self-service page; not in FlexiAPI). DELETE: the account deletes itself; its name stays taken
// (tombstone), and its sessions and API key go with it.
import type { App } from "../../../core/app.ts";
import type { SipCaller } from "../../../core/accounts/authenticate.ts";
import { deleteWithTombstone } from "../../../core/accounts/manage.ts";
import { renameMe } from "../../../core/accounts/me.ts";
import { accountJson } from "../../../core/accounts/view.ts";
import { json, readJsonObject } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { apiError } from "../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) =>
  json(accountJson(ctx.app.db, ctx.app.store.config.switchboard.accounts, ctx.identity.account, { passwords: true }));

export const PATCH: Handler<App, SipCaller> = async (req, ctx) => {
  const account = renameMe(ctx.app.db, ctx.identity.account, await readJsonObject(req));
  return json(accountJson(ctx.app.db, ctx.app.store.config.switchboard.accounts, account, { passwords: true }));
};

export const DELETE: Handler<App, SipCaller> = (_req, ctx) => {
  deleteWithTombstone(ctx.app.db, ctx.identity.account);
  return json(true);
};
