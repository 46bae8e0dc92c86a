// GET /api/accounts/<email>/search-by-email (admin) — the (first) account with this email address.
import type { App } from "../../../../core/app.ts";
import type { SipCaller } from "../../../../core/accounts/authenticate.ts";
import { accountJson } from "../../../../core/accounts/view.ts";
import { findAccountByEmail } from "../../../../db/accounts.ts";
import { NotFound } from "../../../../lib/errors.ts";
import { json } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { apiError } from "../../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) => {
  const account = findAccountByEmail(ctx.app.db, ctx.params.email);
  if (!account) throw new NotFound("There is no account with this email address.");
  return json(accountJson(ctx.app.db, ctx.app.store.config.switchboard.accounts, account, { passwords: true }));
};
