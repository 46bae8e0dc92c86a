// /api/admin/contact-sources/:key — PATCH {label}: rename. DELETE: disconnect (tokens and contacts are deleted).
import type { App } from "../../core/app.ts";
import { sourceView } from "../../core/contacts/sources.ts";
import { renameSource } from "../../db/contact-sources.ts";
import { deleteSource, getSourceByKey } from "../../db/contacts.ts";
import { HttpError, json } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { jsonError } from "../errors.ts";
import { adminChange } from "./guard.ts";

export const renderError = jsonError;

function sourceOr404(ctx: Parameters<Handler<App>>[1]) {
  const source = getSourceByKey(ctx.app.db, ctx.params.key);
  if (!source) throw new HttpError(404, "There is no contact source with this key.");
  return source;
}

export const PATCH: Handler<App> = async (req, ctx) => {
  const body = await adminChange<{ label: string }>(req, ctx);
  const source = sourceOr404(ctx);
  const label = typeof body.label === "string" ? body.label.trim() : "";
  if (!label || label.length > 100) throw new HttpError(422, "A name is 1 to 100 characters.");
  renameSource(ctx.app.db, source.id, label);
  return json(sourceView(getSourceByKey(ctx.app.db, source.key)!));
};

export const DELETE: Handler<App> = async (req, ctx) => {
  await adminChange(req, ctx);
  const source = sourceOr404(ctx);
  deleteSource(ctx.app.db, source.id);
  return json({ deleted: source.key });
};
