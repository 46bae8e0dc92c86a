// GET /creation_token/check/<request token> (public) — the page an account creation request's validation_url
// opens: a person confirms with one button, and the page's script posts to /creation_token/validate. Unknown or
// used tokens get an error page.
import type { App } from "../../../core/app.ts";
import { requirePendingRequestToken } from "../../../core/accounts/tokens.ts";
import { renderCreationTokenPage } from "../../../core/pages/creation-token-page.ts";
import { html } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { pageError } from "../../errors.ts";

export const renderError = pageError;

// The token is in the URL: no Referer carries it anywhere (the page CSP of every page applies too).
const HEADERS = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

export const GET: Handler<App> = (_req, ctx) => {
  requirePendingRequestToken(ctx.app.db, ctx.params.token);
  const { name, instance } = ctx.app.store.config.switchboard;
  return html(renderCreationTokenPage({ name, ...instance }), 200, HEADERS);
};
