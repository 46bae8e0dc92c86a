// GET /fleet — resync or reboot a phone, a group or all phones, with a progress bar. The page is a static shell
// from public/admin/, served only after sign-in; its data comes from /api/admin/fleet/jobs.
import type { App } from "../core/app.ts";
import type { SignedIn } from "../core/auth/roles.ts";
import { renderShell } from "../core/pages/shell.ts";
import { html } from "../lib/http.ts";
import type { Handler } from "../lib/router.ts";
import { pageError } from "./errors.ts";

export const renderError = pageError;

export const GET: Handler<App, SignedIn> = async (_req, ctx) =>
  html(await renderShell(ctx.app, "admin/fleet.html", { role: ctx.identity.role, current: "/fleet" }), 200, { "Cache-Control": "no-store" });
