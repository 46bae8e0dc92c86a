// GET /oauth-grant?provider=microsoft|sipgate (legacy /oauth-grant.php) — an admin starts connecting a new contact
// source: to the provider's sign-in, with a cookie that binds the sign-in to this browser. Only from our own pages
// or the address bar (another site cannot start it), and never for a key named in the link: reconnecting a source
// is a POST from the admin page (/api/admin/contact-sources/<key>/connect). The provider's answer comes back to the
// same URL (oauth-grant.callback.ts).
import type { App } from "../core/app.ts";
import { BROWSER_COOKIE, browserCookieHeader, startConnect } from "../core/contacts/connect.ts";
import { HttpError, parseCookies, redirect } from "../lib/http.ts";
import type { Handler } from "../lib/router.ts";
import { isOwnNavigation, originOf } from "../lib/same-origin.ts";
import { connectError } from "./errors.ts";

export const renderError = connectError;

export const GET: Handler<App> = (req, ctx) => {
  const config = ctx.app.store.config.switchboard;
  if (ctx.query.has("key")) {
    throw new HttpError(403, "A link cannot choose which source a sign-in is stored in. To reconnect a source, use its Reconnect button on the Contact sources page; to connect a new one, its Connect button.");
  }
  if (!isOwnNavigation(req.headers, new Set([originOf(config.public_url)]))) {
    throw new HttpError(403, "This connect was started from another site, not from Switchboard's Contact sources page. Start it there.");
  }
  const started = startConnect(ctx.app.db, config, {
    provider: ctx.query.get("provider") ?? "",
    redirectUri: config.public_url + ctx.path,
    browserCookie: parseCookies(req.headers.cookie).get(BROWSER_COOKIE),
  });
  return redirect(started.location, 302, { "Set-Cookie": browserCookieHeader(config, started.browserCookie), "Cache-Control": "no-store" });
};
