// POST /api/admin/contact-sources/:key/sync — "Sync now": runs the sync and answers with the source's state.
import type { App } from "../../core/app.ts";
import { sourceView } from "../../core/contacts/sources.ts";
import { syncSource } from "../../core/contacts/sync.ts";
import { getSourceByKey } from "../../db/contacts.ts";
import { HttpError, json } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { jsonError } from "../errors.ts";
import { adminChange } from "./guard.ts";

export const renderError = jsonError;

export const POST: Handler<App> = async (req, ctx) => {
  await adminChange(req, ctx);
  const source = getSourceByKey(ctx.app.db, ctx.params.key);
  if (!source) throw new HttpError(404, "There is no contact source with this key.");
  const outcome = await syncSource(ctx.app.db, ctx.app.store.config.switchboard, source.id);
  return json({ ...sourceView(getSourceByKey(ctx.app.db, source.key)!), ok: outcome.ok });
};
