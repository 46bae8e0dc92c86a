// GET /phone-history/<mac> — a phone's profile versions: what changed between two, pin to one, resync or reboot it.
// The page is a static shell from public/admin/, served only after sign-in; its data comes from /api/admin/phones/….
import type { App } from "../../core/app.ts";
import type { SignedIn } from "../../core/auth/roles.ts";
import { renderShell } from "../../core/pages/shell.ts";
import { html } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { pageError } from "../errors.ts";

export const renderError = pageError;

export const GET: Handler<App, SignedIn> = async (_req, ctx) =>
  html(await renderShell(ctx.app, "admin/phone-history.html", { role: ctx.identity.role, current: "/" }), 200, { "Cache-Control": "no-store" });
