// GET /api/accounts/me/provision — a fresh one-shot provisioning token for the signed-in account.
import type { App } from "../../../../core/app.ts";
import type { SipCaller } from "../../../../core/accounts/authenticate.ts";
import { provisionAccount } from "../../../../core/accounts/manage.ts";
import { accountJson } from "../../../../core/accounts/view.ts";
import { json } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { apiError } from "../../../errors.ts";

export const renderError = apiError;
// This GET changes something, so HEAD is not served from it.
export const getChangesState = true;

export const GET: Handler<App, SipCaller> = (_req, ctx) =>
  json(accountJson(ctx.app.db, ctx.app.store.config.switchboard.accounts, provisionAccount(ctx.app.db, ctx.identity.account)));
