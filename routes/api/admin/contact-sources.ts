// /api/admin/contact-sources — GET: providers and sources (no secrets). POST: add a FRITZ!Box phone book,
// either uploaded ({xml, label?, key?}) or fetched on schedule ({url, label?}).
import type { App } from "../../../core/app.ts";
import { addPhonebook, ensureConfiguredPhonebooks, providerList, sourceView } from "../../../core/contacts/sources.ts";
import { listSources } from "../../../db/contact-sources.ts";
import { json, MB, readJsonObject } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (_req, ctx) => {
  const config = ctx.app.store.config.switchboard;
  ensureConfiguredPhonebooks(ctx.app.db, config);
  return json({
    providers: providerList(config),
    redirect_uri: `${config.public_url}/oauth-grant`,
    sources: listSources(ctx.app.db).map(sourceView),
  });
};

// An export of a big FRITZ!Box book is several megabytes.
export const POST: Handler<App> = async (req, ctx) =>
  json(sourceView(await addPhonebook(ctx.app.contactSync, ctx.app.store.config.switchboard, await readJsonObject(req, 12 * MB))), 201);
