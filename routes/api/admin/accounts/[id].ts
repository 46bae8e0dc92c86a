// /api/admin/accounts/<id> — GET: the account (no password hash, API key or one-shot token). PATCH: changes the
// fields sent (display_name, email, phone, dtmf_protocol, activated, blocked, admin, password with algorithm) by
// FlexiAPI's rules, 422 with `errors` per field. DELETE: deletes it; its name stays taken (tombstone).
import type { App } from "../../../../core/app.ts";
import { deleteWithTombstone, patchAccountAsAdmin, requireAccount } from "../../../../core/accounts/manage.ts";
import { panelAccount } from "../../../../core/accounts/panel.ts";
import { json, readJsonObject } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { jsonError } from "../../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (_req, ctx) =>
  json(panelAccount(ctx.app.db, ctx.app.store.config.switchboard.accounts, requireAccount(ctx.app.db, ctx.params.id)));

export const PATCH: Handler<App> = async (req, ctx) => {
  const { db, store } = ctx.app;
  const settings = store.config.switchboard.accounts;
  return json(panelAccount(db, settings, patchAccountAsAdmin(db, settings, ctx.params.id, await readJsonObject(req))));
};

export const DELETE: Handler<App> = (_req, ctx) => {
  const account = requireAccount(ctx.app.db, ctx.params.id);
  deleteWithTombstone(ctx.app.db, account);
  return json({ deleted: `${account.username}@${account.domain}` });
};
