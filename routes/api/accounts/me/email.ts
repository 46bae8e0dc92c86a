// POST /api/accounts/me/email {code} — the code mailed by /email/request makes its address the account's and
// activates the account (200 with the account). 422 unless 4 digits, 404 when nothing is pending, 403 for a wrong
// or expired code.
import type { App } from "../../../../core/app.ts";
import type { SipCaller } from "../../../../core/accounts/authenticate.ts";
import { confirmEmailChange } from "../../../../core/accounts/email-change.ts";
import { accountJson } from "../../../../core/accounts/view.ts";
import { json, readJsonObject } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { apiError } from "../../../errors.ts";

export const renderError = apiError;

export const POST: Handler<App, SipCaller> = async (req, ctx) => {
  const account = confirmEmailChange(ctx.app, ctx.identity.account, await readJsonObject(req));
  return json(accountJson(ctx.app.db, ctx.app.store.config.switchboard.accounts, account));
};
