// /api/accounts/<id>/contacts_lists/<contacts_list_id> (admin) — POST: attaches the list to the account, whose
// contacts its members become (403 when attached already). DELETE: detaches it (403 when it is not attached).
import type { App } from "../../../../../core/app.ts";
import type { SipCaller } from "../../../../../core/accounts/authenticate.ts";
import { attachList, detachList } from "../../../../../core/accounts/contacts-lists.ts";
import { json } from "../../../../../lib/http.ts";
import type { Handler } from "../../../../../lib/router.ts";
import { apiError } from "../../../../errors.ts";

export const renderError = apiError;

export const POST: Handler<App, SipCaller> = (_req, ctx) => {
  attachList(ctx.app.db, ctx.params.id, ctx.params.contacts_list_id);
  return json({});
};

export const DELETE: Handler<App, SipCaller> = (_req, ctx) => {
  detachList(ctx.app.db, ctx.params.id, ctx.params.contacts_list_id);
  return json({});
};
