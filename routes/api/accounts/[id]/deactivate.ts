// POST /api/accounts/<id>/deactivate (admin) — deactivates the account and answers with it.
import type { App } from "../../../../core/app.ts";
import type { SipCaller } from "../../../../core/accounts/authenticate.ts";
import { setAccountFlag } from "../../../../core/accounts/manage.ts";
import { accountJson } from "../../../../core/accounts/view.ts";
import { json } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { apiError } from "../../../errors.ts";

export const renderError = apiError;
// This GET changes something, so HEAD is not served from it.
export const getChangesState = true;

export const POST: Handler<App, SipCaller> = (_req, ctx) =>
  json(accountJson(ctx.app.db, ctx.app.store.config.switchboard.accounts, setAccountFlag(ctx.app.db, ctx.params.id, "activated", false)));

// FlexiAPI 1.3 clients use GET, 1.5 clients POST.
export const GET = POST;
