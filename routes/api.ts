// GET /api — the human documentation of the account API, made from the route table (routes/site-map.ts).
import type { App } from "../core/app.ts";
import { renderApiDocs } from "../core/pages/api-docs.ts";
import { html } from "../lib/http.ts";
import type { Handler } from "../lib/router.ts";
import { pageError } from "./errors.ts";
import { siteMap } from "./site-map.ts";

export const renderError = pageError;

/** The account API: /api/… but the admin pages' and the dialer's JSON, and the contacts' vCards. */
const isAccountApi = (path: string) => (/^\/api\//.test(path) && !/^\/api\/(admin|dialer)\//.test(path)) || path.startsWith("/contacts/vcard");

export const GET: Handler<App> = async (_req, ctx) => {
  const { name, instance } = ctx.app.store.config.switchboard;
  return html(renderApiDocs({ name, ...instance }, (await siteMap()).filter((r) => isAccountApi(r.path))));
};
