// POST /api/accounts/<id>/recover-by-email (admin, FlexiAPI 1.3) — a new confirmation key and provisioning token,
// mailed to the account's address; 200 with the account, both shown. 422 when it has no email address, 503 when
// the mail cannot be sent (then nothing changed).
import type { App } from "../../../../core/app.ts";
import { recoverByEmail } from "../../../../core/accounts/account-mail.ts";
import type { SipCaller } from "../../../../core/accounts/authenticate.ts";
import { accountJson } from "../../../../core/accounts/view.ts";
import { json } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { apiError } from "../../../errors.ts";

export const renderError = apiError;

export const POST: Handler<App, SipCaller> = async (_req, ctx) => {
  const account = await recoverByEmail(ctx.app, ctx.params.id);
  return json(accountJson(ctx.app.db, ctx.app.store.config.switchboard.accounts, account, { confirmationKey: true }));
};
