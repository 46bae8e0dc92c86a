// GET /call (legacy /call.php) — the browser dialer page, with the links the signed-in role may open. Signing in
// here lets the page's API calls reuse the browser's credentials. Query: devicename (preselect), num (prefill),
// key (phone books), ssl.
import type { App } from "../core/app.ts";
import type { SignedIn } from "../core/auth/roles.ts";
import { renderShell } from "../core/pages/shell.ts";
import { html, PAGE_HEADERS } from "../lib/http.ts";
import type { Handler } from "../lib/router.ts";
import { pageError } from "./errors.ts";

export const renderError = pageError;

// A phone without stored credentials is dialled by the browser itself: the page posts the CGI form to the phone.
const CSP = PAGE_HEADERS["Content-Security-Policy"].replace("form-action 'self'", "form-action 'self' http: https:");

export const GET: Handler<App, SignedIn> = async (_req, ctx) =>
  html(await renderShell(ctx.app, "call.html", { role: ctx.identity.role, current: "/call" }), 200, { "Cache-Control": "no-store", "Content-Security-Policy": CSP });
