// /oauth-grant (and the PHP version's /oauth-grant.php): connect a contact source.
//   GET ?provider=microsoft|sipgate[&key=K]  → redirect to the provider's sign-in (admin only)
//   GET ?code=…&state=…  / ?error=…          → the provider's answer (response_mode=query)
//   POST code=…&state=…                      → the provider's answer (response_mode=form_post)
import type { IncomingMessage } from "node:http";
import type { App } from "../core/app.ts";
import { requireRole } from "../core/auth/roles.ts";
import { BROWSER_COOKIE, ConnectError, finishConnect, startConnect, STATE_TTL_MS, type CallbackParams } from "../core/contacts/connect.ts";
import { escapeHtml, html, parseCookies, readForm, redirect, type Reply } from "../lib/http.ts";
import type { Handler, RequestContext } from "../lib/router.ts";
import { pageError } from "./errors.ts";

export const renderError = pageError;

export const GET: Handler<App> = async (req, ctx) => {
  const q = ctx.query;
  if (q.has("state") || q.has("code") || q.has("error")) return callback(req, ctx, q);
  requireRole(req, ctx, ["admin"]);
  const config = ctx.app.store.config.switchboard;
  const cookies = parseCookies(req.headers.cookie);
  try {
    const started = startConnect(ctx.app.db, config, {
      provider: q.get("provider") ?? "",
      key: q.get("key") || undefined,
      redirectUri: config.public_url + ctx.path,
      browserCookie: cookies.get(BROWSER_COOKIE),
    });
    const secure = config.public_url.startsWith("https:") ? "; Secure" : "";
    const cookie = `${BROWSER_COOKIE}=${started.browserCookie}; Path=/; Max-Age=${STATE_TTL_MS / 1000}; HttpOnly; SameSite=Lax${secure}`;
    return redirect(started.location, 302, { "Set-Cookie": cookie, "Cache-Control": "no-store" });
  } catch (err) {
    return failure(err);
  }
};

export const POST: Handler<App> = async (req, ctx) => {
  const form = await readForm(req);
  // A form_post arrives as a cross-site POST, on which browsers withhold SameSite=Lax cookies. Sending the
  // answer on as a top-level GET lets the browser attach the cookie that binds the sign-in to it.
  if (!parseCookies(req.headers.cookie).has(BROWSER_COOKIE)) {
    const params = new URLSearchParams();
    for (const k of ["code", "state", "error", "error_description"]) if (form.has(k)) params.set(k, form.get(k)!);
    return redirect(`${ctx.path}?${params}`, 303, { "Cache-Control": "no-store" });
  }
  return callback(req, ctx, form);
};

async function callback(req: IncomingMessage, ctx: RequestContext<App>, p: URLSearchParams): Promise<Reply> {
  const params: CallbackParams = {
    state: p.get("state"), code: p.get("code"), error: p.get("error"), error_description: p.get("error_description"),
    browserCookie: parseCookies(req.headers.cookie).get(BROWSER_COOKIE),
  };
  try {
    const { key } = await finishConnect(ctx.app.db, ctx.app.store.config.switchboard, params);
    return redirect(`/?key=${encodeURIComponent(key)}&state=authorized`, 302, { "Cache-Control": "no-store" });
  } catch (err) {
    return failure(err);
  }
}

function failure(err: unknown): Reply {
  if (!(err instanceof ConnectError)) throw err;
  return html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>${escapeHtml(err.title)} · Switchboard</title><link rel="stylesheet" href="/css/style.css"></head>` +
      `<body><main class="error-page"><h1>${escapeHtml(err.title)}</h1><p>${escapeHtml(err.message)}</p>` +
      `<p><strong>What to do:</strong> ${escapeHtml(err.hint)}</p>` +
      `<p><a href="/contact-sources">Contact sources</a> · <a href="/">Overview</a></p></main></body></html>`,
    err.status,
    { "Cache-Control": "no-store" },
  );
}
