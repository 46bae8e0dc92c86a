// POST /api/accounts/me/password {algorithm, password, old_password} — the signed-in account changes its password
// (old_password is required once it has one).
import type { App } from "../../../../core/app.ts";
import type { SipCaller } from "../../../../core/accounts/authenticate.ts";
import { changePassword } from "../../../../core/accounts/me.ts";
import { json, readJsonObject } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { apiError } from "../../../errors.ts";

export const renderError = apiError;

export const POST: Handler<App, SipCaller> = async (req, ctx) => {
  changePassword(ctx.app.db, ctx.app.store.config.switchboard.accounts, ctx.identity.account, await readJsonObject(req));
  return json({});
};
