// /api/contacts_lists/<id>/contacts/<contacts_id> (admin) — POST: puts the account <contacts_id> in the list (403
// when it is in it already). DELETE: takes it out (403 when it is not in it).
import type { App } from "../../../../../core/app.ts";
import type { SipCaller } from "../../../../../core/accounts/authenticate.ts";
import { addToList, removeFromList } from "../../../../../core/accounts/contacts-lists.ts";
import { json } from "../../../../../lib/http.ts";
import type { Handler } from "../../../../../lib/router.ts";
import { apiError } from "../../../../errors.ts";

export const renderError = apiError;

export const POST: Handler<App, SipCaller> = (_req, ctx) => {
  addToList(ctx.app.db, ctx.params.id, ctx.params.contacts_id);
  return json({});
};

export const DELETE: Handler<App, SipCaller> = (_req, ctx) => {
  removeFromList(ctx.app.db, ctx.params.id, ctx.params.contacts_id);
  return json({});
};
