// GET /activate/<user@domain> (public) — the page a confirmation mail links to: the key is in the link's fragment
// (#key, never sent to a server), and one button posts it to /api/accounts/<user@domain>/activate/email. Without
// a fragment the person types the key from the mail.
import type { App } from "../../core/app.ts";
import type { Handler } from "../../lib/router.ts";
import { serveStatic } from "../../lib/static.ts";
import { pageError } from "../errors.ts";

export const renderError = pageError;

export const GET: Handler<App> = (_req, ctx) => serveStatic(ctx.app.publicDir, "activate.html", { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });
