// /api/accounts/<id>/dictionary/<key> (admin) — GET: {value}. POST {value}: sets the entry, new or not (201,
// {value}). DELETE: removes it.
import type { App } from "../../../../../core/app.ts";
import type { SipCaller } from "../../../../../core/accounts/authenticate.ts";
import { deleteDictionaryValue, dictionaryValue, setDictionaryValue } from "../../../../../core/accounts/dictionary.ts";
import { json, readJsonObject } from "../../../../../lib/http.ts";
import type { Handler } from "../../../../../lib/router.ts";
import { apiError } from "../../../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) => json(dictionaryValue(ctx.app.db, ctx.params.id, ctx.params.key));

export const POST: Handler<App, SipCaller> = async (req, ctx) =>
  json(setDictionaryValue(ctx.app.db, ctx.params.id, ctx.params.key, await readJsonObject(req)), 201);

export const DELETE: Handler<App, SipCaller> = (_req, ctx) => {
  deleteDictionaryValue(ctx.app.db, ctx.params.id, ctx.params.key);
  return json({});
};
