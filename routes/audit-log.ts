// GET /audit-log — admin actions (pin, unpin, resync, reboot): who, when, what. The page is a static shell
// from public/admin/, served only after sign-in; its data comes from /api/admin/audit-log.
import type { App } from "../core/app.ts";
import type { SignedIn } from "../core/auth/roles.ts";
import { renderShell } from "../core/pages/shell.ts";
import { html } from "../lib/http.ts";
import type { Handler } from "../lib/router.ts";
import { pageError } from "./errors.ts";

export const renderError = pageError;

export const GET: Handler<App, SignedIn> = async (_req, ctx) =>
  html(await renderShell(ctx.app, "admin/audit-log.html", { role: ctx.identity.role, current: "/audit-log" }), 200, { "Cache-Control": "no-store" });
