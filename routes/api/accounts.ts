// /api/accounts (admin) — GET: every account, 20 per page (?page=N), in Laravel's paginator shape.
// POST {username, password, algorithm, domain?, email?, display_name?, phone?, dtmf_protocol?, admin?, activated?,
// confirmation_key_expires?, dictionary?}: a new account (200, confirmation key and provisioning token shown). Not
// activated and with an email address, it is mailed its confirmation key first (503 and no account when that fails).
import type { App } from "../../core/app.ts";
import type { SipCaller } from "../../core/accounts/authenticate.ts";
import { createAccountAsAdminAndMail } from "../../core/accounts/account-mail.ts";
import { accountJson, paginated } from "../../core/accounts/view.ts";
import { listAccounts } from "../../db/accounts.ts";
import { json, readJsonObject } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { apiError } from "../errors.ts";

export const renderError = apiError;
const PER_PAGE = 20;

export const GET: Handler<App, SipCaller> = (_req, ctx) => {
  const { db, store } = ctx.app;
  const { accounts: settings, public_url } = store.config.switchboard;
  const page = Math.max(1, Math.min(Number.parseInt(ctx.query.get("page") ?? "1", 10) || 1, 1_000_000));
  const { accounts, total } = listAccounts(db, (page - 1) * PER_PAGE, PER_PAGE);
  return json(paginated(accounts.map((a) => accountJson(db, settings, a, { pendingChanges: "without-codes" })), total, page, PER_PAGE, `${public_url}/api/accounts`));
};

export const POST: Handler<App, SipCaller> = async (req, ctx) => {
  const { db, store } = ctx.app;
  const settings = store.config.switchboard.accounts;
  const account = await createAccountAsAdminAndMail(ctx.app, await readJsonObject(req), { ip: ctx.clientIp, userAgent: req.headers["user-agent"] });
  return json(accountJson(db, settings, account, { confirmationKey: true }));
};
