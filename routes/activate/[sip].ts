// GET /activate/<user@domain> (public) — the page a confirmation mail links to: the key is in the link's fragment
// (#key, never sent to a server), and one button posts it to /api/accounts/<user@domain>/activate/email. Without
// a fragment the person types the key from the mail.
import type { App } from "../../core/app.ts";
import { renderShell } from "../../core/pages/shell.ts";
import { html } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { pageError } from "../errors.ts";

export const renderError = pageError;

export const GET: Handler<App> = async (_req, ctx) =>
  html(await renderShell(ctx.app, "activate.html"), 200, { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });
