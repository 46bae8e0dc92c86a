// GET /oauth-grant?provider=microsoft|sipgate[&key=K] (legacy /oauth-grant.php) — an admin starts connecting a
// contact source: to the provider's sign-in, with a cookie that binds the sign-in to this browser.
// The provider's answer comes back to the same URL (oauth-grant.callback.ts).
import type { App } from "../core/app.ts";
import { BROWSER_COOKIE, startConnect, STATE_TTL_MS } from "../core/contacts/connect.ts";
import { parseCookies, redirect } from "../lib/http.ts";
import type { Handler } from "../lib/router.ts";
import { connectError } from "./errors.ts";

export const renderError = connectError;

export const GET: Handler<App> = (req, ctx) => {
  const config = ctx.app.store.config.switchboard;
  const started = startConnect(ctx.app.db, config, {
    provider: ctx.query.get("provider") ?? "",
    key: ctx.query.get("key") || undefined,
    redirectUri: config.public_url + ctx.path,
    browserCookie: parseCookies(req.headers.cookie).get(BROWSER_COOKIE),
  });
  const secure = config.public_url.startsWith("https:") ? "; Secure" : "";
  const cookie = `${BROWSER_COOKIE}=${started.browserCookie}; Path=/; Max-Age=${STATE_TTL_MS / 1000}; HttpOnly; SameSite=Lax${secure}`;
  return redirect(started.location, 302, { "Set-Cookie": cookie, "Cache-Control": "no-store" });
};
