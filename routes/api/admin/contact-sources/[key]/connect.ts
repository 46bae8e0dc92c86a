// POST /api/admin/contact-sources/<key>/connect — "Reconnect": starts a new sign-in for an existing source (same
// key, new tokens). A JSON POST from our own pages (the dispatcher checks Origin), so no other site can start it;
// the answer is where the page sends the browser next, with the cookie that binds the sign-in to it.
import type { App } from "../../../../../core/app.ts";
import { BROWSER_COOKIE, browserCookieHeader, startReconnect } from "../../../../../core/contacts/connect.ts";
import { json, parseCookies } from "../../../../../lib/http.ts";
import type { Handler } from "../../../../../lib/router.ts";
import { jsonError } from "../../../../errors.ts";

export const renderError = jsonError;

export const POST: Handler<App> = (req, ctx) => {
  const config = ctx.app.store.config.switchboard;
  const started = startReconnect(ctx.app.db, config, {
    key: ctx.params.key,
    redirectUri: `${config.public_url}/oauth-grant`,
    browserCookie: parseCookies(req.headers.cookie).get(BROWSER_COOKIE),
  });
  return json({ location: started.location }, 200, { "Set-Cookie": browserCookieHeader(config, started.browserCookie), "Cache-Control": "no-store" });
};
