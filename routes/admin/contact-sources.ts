// /api/admin/contact-sources — GET: providers and sources (no secrets). POST: add a FRITZ!Box phone book,
// either uploaded ({xml, label?, key?}) or fetched on schedule ({url, label?}).
import type { App } from "../../core/app.ts";
import { addPhonebookUrl, ensureConfiguredPhonebooks, importPhonebook, providerList, sourceView, UnknownSourceError } from "../../core/contacts/sources.ts";
import { syncSource } from "../../core/contacts/sync.ts";
import { PhonebookError } from "../../core/contacts/providers/fritzbox.ts";
import { getSourceById, listSources } from "../../db/contacts.ts";
import { HttpError, json, MB } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { jsonError } from "../errors.ts";
import { adminChange, requireAdmin } from "./guard.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (req, ctx) => {
  requireAdmin(req, ctx);
  const config = ctx.app.store.config.switchboard;
  ensureConfiguredPhonebooks(ctx.app.db, config);
  return json({
    providers: providerList(config),
    redirect_uri: `${config.public_url}/oauth-grant`,
    sources: listSources(ctx.app.db).map(sourceView),
  });
};

export const POST: Handler<App> = async (req, ctx) => {
  const body = await adminChange<{ xml: string; url: string; label: string; key: string }>(req, ctx, 12 * MB);
  const { db } = ctx.app;
  const config = ctx.app.store.config.switchboard;
  if (typeof body.xml === "string") {
    try {
      return json(sourceView(importPhonebook(db, config, { xml: body.xml, label: str(body.label), key: str(body.key) })), 201);
    } catch (err) {
      if (err instanceof PhonebookError) throw new HttpError(422, err.message);
      if (err instanceof UnknownSourceError) throw new HttpError(404, err.message);
      throw err;
    }
  }
  if (typeof body.url === "string") {
    let source;
    try {
      source = addPhonebookUrl(db, { url: body.url, label: str(body.label) });
    } catch {
      throw new HttpError(422, "The phone book URL must be an http(s) URL, e.g. http://fritz.box:8080/books/0.xml.");
    }
    await syncSource(db, config, source.id);
    return json(sourceView(getSourceById(db, source.id)!), 201);
  }
  throw new HttpError(422, "Send {xml: \"<phonebooks>…\"} to upload a FRITZ!Box export or {url: \"http://…\"} to fetch one on schedule.");
};

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
