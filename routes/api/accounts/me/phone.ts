// POST /api/accounts/me/phone {code} — the code sent by /phone/request sets the account's phone number and
// activates the account (200 with the account). 422 unless 4 digits, 404 when nothing is pending, 403 for an
// expired code or a wrong one (which drops the pending code).
import type { App } from "../../../../core/app.ts";
import type { SipCaller } from "../../../../core/accounts/authenticate.ts";
import { confirmPhoneChange } from "../../../../core/accounts/phone-change.ts";
import { accountJson } from "../../../../core/accounts/view.ts";
import { json, readJsonObject } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { apiError } from "../../../errors.ts";

export const renderError = apiError;

export const POST: Handler<App, SipCaller> = async (req, ctx) => {
  const account = confirmPhoneChange(ctx.app, ctx.identity.account, await readJsonObject(req));
  return json(accountJson(ctx.app.db, ctx.app.store.config.switchboard.accounts, account));
};
