// POST /api/accounts/with-account-creation-token (public) {username, password, algorithm, account_creation_token,
// email?, dtmf_protocol?} — creates an account, not activated, in the SIP domain; the token is spent (422 on reuse).
// With an email address and a mail server, its confirmation key is mailed first (503 and no account when that fails).
import type { App } from "../../../core/app.ts";
import { signUpAndMail } from "../../../core/accounts/account-mail.ts";
import { accountJson } from "../../../core/accounts/view.ts";
import { json, readJsonObject } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { apiError } from "../../errors.ts";

export const renderError = apiError;

export const POST: Handler<App> = async (req, ctx) => {
  const { db, store } = ctx.app;
  const settings = store.config.switchboard.accounts;
  const account = await signUpAndMail(ctx.app, await readJsonObject(req), { ip: ctx.clientIp, userAgent: req.headers["user-agent"] });
  return json(accountJson(db, settings, account));
};
