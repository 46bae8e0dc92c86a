// /api/contacts_lists/<id> (admin) — GET: the list. PUT {title, description}: changes it. DELETE: deletes it.
import type { App } from "../../../core/app.ts";
import type { SipCaller } from "../../../core/accounts/authenticate.ts";
import { deleteList, requireContactsList, updateList } from "../../../core/accounts/contacts-lists.ts";
import { json, readJsonObject } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { apiError } from "../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) => json(requireContactsList(ctx.app.db, ctx.params.id));

export const PUT: Handler<App, SipCaller> = async (req, ctx) => json(updateList(ctx.app.db, ctx.params.id, await readJsonObject(req)));

export const DELETE: Handler<App, SipCaller> = (_req, ctx) => {
  deleteList(ctx.app.db, ctx.params.id);
  return json({});
};
