// /api/accounts (admin) — GET: every account, 20 per page (?page=N), in Laravel's paginator shape.
// POST {username, password, algorithm, domain?, email?, display_name?, phone?, dtmf_protocol?, admin?, activated?,
// confirmation_key_expires?, dictionary?}: a new account (200, confirmation key and provisioning token shown).
import type { App } from "../../core/app.ts";
import type { SipCaller } from "../../core/accounts/authenticate.ts";
import { createAccountAsAdmin } from "../../core/accounts/manage.ts";
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
  return json(paginated(accounts.map((a) => accountJson(db, settings, a)), total, page, PER_PAGE, `${public_url}/api/accounts`));
};

export const POST: Handler<App, SipCaller> = async (req, ctx) => {
  const { db, store } = ctx.app;
  const settings = store.config.switchboard.accounts;
  const account = createAccountAsAdmin(db, settings, await readJsonObject(req), { ip: ctx.clientIp, userAgent: req.headers["user-agent"] });
  return json(accountJson(db, settings, account, { confirmationKey: true }));
};
