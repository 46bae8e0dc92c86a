// GET /status (admin|monitor) — service state, config load state, drift and activity. Never a password.
// JSON for scripts and monitoring (an Accept of application/json, any type, or none); a page for a browser, which
// asks for text/html. Errors stay JSON: the monitoring that reads /status expects them so.
import type { App } from "../core/app.ts";
import type { SignedIn } from "../core/auth/roles.ts";
import { serviceStatus } from "../core/mpp/overview.ts";
import { renderStatusPage } from "../core/pages/status-page.ts";
import { html, json, prefersHtml } from "../lib/http.ts";
import type { Handler } from "../lib/router.ts";
import { jsonError } from "./errors.ts";

export const renderError = jsonError;

export const GET: Handler<App, SignedIn> = (req, ctx) => {
  const status = serviceStatus(ctx.app);
  // Vary: a cache must not hand the page to a script or the JSON to a browser.
  if (!prefersHtml(req.headers.accept)) return json(status, 200, { Vary: "Accept" });
  const page = renderStatusPage(status, { name: ctx.app.store.config.switchboard.name, role: ctx.identity.role });
  return html(page, 200, { Vary: "Accept", "Cache-Control": "no-store" });
};
