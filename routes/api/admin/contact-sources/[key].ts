// /api/admin/contact-sources/<key> — PATCH {label}: rename. DELETE: disconnect (tokens and contacts are deleted).
import type { App } from "../../../../core/app.ts";
import { removeSource, renameSourceByKey, sourceView } from "../../../../core/contacts/sources.ts";
import { json, readJsonObject } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { jsonError } from "../../../errors.ts";

export const renderError = jsonError;

export const PATCH: Handler<App> = async (req, ctx) =>
  json(sourceView(renameSourceByKey(ctx.app.db, ctx.params.key, (await readJsonObject(req)).label)));

export const DELETE: Handler<App> = (_req, ctx) => {
  removeSource(ctx.app.db, ctx.params.key);
  return json({ deleted: ctx.params.key });
};
