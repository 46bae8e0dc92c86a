// GET /api/dialer/suggest?q=&key= — as-you-type suggestions for the dialer from the contact store (the
// configured directory.default_keys when no key is given).
import type { App } from "../../../core/app.ts";
import { sourcesForKeys } from "../../../core/contacts/directory.ts";
import { suggestContacts } from "../../../core/contacts/suggest.ts";
import { json } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (_req, ctx) => {
  const { db, directorySearch, store } = ctx.app;
  const { directory } = store.config.switchboard;
  const sources = sourcesForKeys(db, ctx.query.get("key"), directory.default_keys);
  return json({ suggestions: suggestContacts(db, directorySearch, sources, ctx.query.get("q") ?? "", directory.dial) });
};
