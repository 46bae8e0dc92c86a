// /api/admin/accounts — GET ?q=&page=: a page of 20 accounts whose username, email or SIP address starts with q
// ({query, page, per_page, total, last_page, accounts}). POST: a new account with FlexiAPI's admin fields
// ({username, password, algorithm, email?, display_name?, phone?, dtmf_protocol?, activated?, admin?}; 422 with
// `errors` per field), answered 201 as GET /api/admin/accounts/<id> shows it; mailed its confirmation key first as by
// POST /api/accounts.
import type { App } from "../../../core/app.ts";
import { createAccountAsAdminAndMail } from "../../../core/accounts/account-mail.ts";
import { findAccountsForPanel, panelAccount } from "../../../core/accounts/panel.ts";
import { json, readJsonObject } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (_req, ctx) => {
  const page = Math.max(1, Math.min(Number.parseInt(ctx.query.get("page") ?? "1", 10) || 1, 1_000_000));
  return json(findAccountsForPanel(ctx.app.db, ctx.query.get("q") ?? "", page));
};

export const POST: Handler<App> = async (req, ctx) => {
  const { db, store } = ctx.app;
  const settings = store.config.switchboard.accounts;
  const account = await createAccountAsAdminAndMail(ctx.app, await readJsonObject(req), { ip: ctx.clientIp, userAgent: req.headers["user-agent"] });
  return json(panelAccount(db, settings, account), 201);
};
