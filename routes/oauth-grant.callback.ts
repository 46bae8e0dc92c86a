// /oauth-grant?state=…&code=… | ?error=… (legacy /oauth-grant.php) — the provider's answer to a connect:
// GET for response_mode=query, POST for form_post. The state and the browser cookie are the credentials.
import type { IncomingMessage } from "node:http";
import type { App } from "../core/app.ts";
import { BROWSER_COOKIE, finishConnect } from "../core/contacts/connect.ts";
import { parseCookies, readForm, redirect, type Reply } from "../lib/http.ts";
import type { Handler, RequestContext } from "../lib/router.ts";
import { connectError } from "./errors.ts";

export const renderError = connectError;
// This GET changes something, so HEAD is not served from it.
export const getChangesState = true;

export const GET: Handler<App> = (req, ctx) => finish(req, ctx, ctx.query);

export const POST: Handler<App> = async (req, ctx) => {
  const form = await readForm(req);
  // A form_post arrives as a cross-site POST, on which browsers withhold SameSite=Lax cookies. Sending the
  // answer on as a top-level GET lets the browser attach the cookie that binds the sign-in to it.
  if (!parseCookies(req.headers.cookie).has(BROWSER_COOKIE)) {
    const params = new URLSearchParams();
    for (const k of ["code", "state", "error", "error_description"]) if (form.has(k)) params.set(k, form.get(k)!);
    return redirect(`${ctx.path}?${params}`, 303, { "Cache-Control": "no-store" });
  }
  return finish(req, ctx, form);
};

async function finish(req: IncomingMessage, ctx: RequestContext<App>, p: URLSearchParams): Promise<Reply> {
  const { key } = await finishConnect(ctx.app.contactSync, ctx.app.store.config.switchboard, {
    state: p.get("state"), code: p.get("code"), error: p.get("error"), error_description: p.get("error_description"),
    browserCookie: parseCookies(req.headers.cookie).get(BROWSER_COOKIE),
  });
  return redirect(`/?key=${encodeURIComponent(key)}&state=authorized`, 302, { "Cache-Control": "no-store" });
}
