// GET /api/dialer/suggest?q=&key= — as-you-type suggestions for the dialer from the contact store.
import type { App } from "../../../core/app.ts";
import { requireRole } from "../../../core/auth/roles.ts";
import { suggestContacts } from "../../../core/contacts/suggest.ts";
import { PhoneBookError, sourcesForKeys } from "../../../core/contacts/directory.ts";
import { HttpError, json } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (req, ctx) => {
  requireRole(req, ctx, ["user"]);
  const { switchboard } = ctx.app.store.config;
  let sources;
  try {
    sources = sourcesForKeys(ctx.app.db, ctx.query.get("key"), switchboard.directory.default_keys);
  } catch (err) {
    if (err instanceof PhoneBookError) throw new HttpError(404, err.message);
    throw err;
  }
  return json({ suggestions: suggestContacts(ctx.app.db, sources, ctx.query.get("q") ?? "", switchboard.directory.dial) });
};
