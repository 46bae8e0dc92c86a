// GET /call (legacy /call.php) — the browser dialer page. Signing in here lets the page's API calls reuse
// the browser's credentials. Query: devicename (preselect), num (prefill), key (phone books), ssl.
import type { App } from "../core/app.ts";
import type { Handler } from "../lib/router.ts";
import { PAGE_HEADERS } from "../lib/http.ts";
import { serveStatic } from "../lib/static.ts";
import { pageError } from "./errors.ts";

export const renderError = pageError;

// A phone without stored credentials is dialled by the browser itself: the page posts the CGI form to the phone.
const CSP = PAGE_HEADERS["Content-Security-Policy"].replace("form-action 'self'", "form-action 'self' http: https:");

export const GET: Handler<App> = (_req, ctx) => serveStatic(ctx.app.publicDir, "call.html", { "Cache-Control": "no-store", "Content-Security-Policy": CSP });
