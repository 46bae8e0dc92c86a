// GET /api/accounts/<id>/contacts (admin) — the accounts attached to the account as contacts, as account JSON.
import type { App } from "../../../../core/app.ts";
import type { SipCaller } from "../../../../core/accounts/authenticate.ts";
import { contactsOf } from "../../../../core/accounts/contacts.ts";
import { accountJson } from "../../../../core/accounts/view.ts";
import { json } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { apiError } from "../../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) => {
  const { db, store } = ctx.app;
  return json(contactsOf(db, ctx.params.id).map((c) => accountJson(db, store.config.switchboard.accounts, c)));
};
