// /api/accounts/<id>/contacts/<contact_id> (admin) — GET: that contact of the account. POST: makes the account
// <contact_id> a contact (403 when it is one already). DELETE: removes it (403 when it is none).
import type { App } from "../../../../../core/app.ts";
import type { SipCaller } from "../../../../../core/accounts/authenticate.ts";
import { addContact, contactOf, removeContact } from "../../../../../core/accounts/contacts.ts";
import { accountJson } from "../../../../../core/accounts/view.ts";
import { json } from "../../../../../lib/http.ts";
import type { Handler } from "../../../../../lib/router.ts";
import { apiError } from "../../../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) =>
  json(accountJson(ctx.app.db, ctx.app.store.config.switchboard.accounts, contactOf(ctx.app.db, ctx.params.id, ctx.params.contact_id)));

export const POST: Handler<App, SipCaller> = (_req, ctx) => {
  addContact(ctx.app.db, ctx.params.id, ctx.params.contact_id);
  return json({});
};

export const DELETE: Handler<App, SipCaller> = (_req, ctx) => {
  removeContact(ctx.app.db, ctx.params.id, ctx.params.contact_id);
  return json({});
};
