// GET /api/accounts/<id>/provision (admin) — a fresh one-shot provisioning token for the account.
import type { App } from "../../../../core/app.ts";
import type { SipCaller } from "../../../../core/accounts/authenticate.ts";
import { provisionAccount, requireAccount } from "../../../../core/accounts/manage.ts";
import { accountJson } from "../../../../core/accounts/view.ts";
import { json } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { apiError } from "../../../errors.ts";

export const renderError = apiError;
// This GET changes something, so HEAD is not served from it.
export const getChangesState = true;

export const GET: Handler<App, SipCaller> = (_req, ctx) => {
  const { db, store } = ctx.app;
  return json(accountJson(db, store.config.switchboard.accounts, provisionAccount(db, requireAccount(db, ctx.params.id))));
};
