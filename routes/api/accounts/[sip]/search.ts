// GET /api/accounts/<user@domain>/search (admin) — the account of a SIP address.
import type { App } from "../../../../core/app.ts";
import type { SipCaller } from "../../../../core/accounts/authenticate.ts";
import { accountBySip } from "../../../../core/accounts/me.ts";
import { accountJson } from "../../../../core/accounts/view.ts";
import { json } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { apiError } from "../../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) =>
  json(accountJson(ctx.app.db, ctx.app.store.config.switchboard.accounts, accountBySip(ctx.app.db, ctx.params.sip), { passwords: true }));
