// GET / (legacy /index.php) without ?key= — the admin dashboard (phones, drift, new phones). Whoever else signs in
// here is sent on to the page their role may open (a monitor to /status, a user to the dialer) instead of a 403.
// The page is a static shell from public/admin/, served only after sign-in; its data comes from /api/admin/….
import type { App } from "../core/app.ts";
import type { SignedIn } from "../core/auth/roles.ts";
import { LANDING_PAGE } from "../core/pages/nav.ts";
import { renderShell } from "../core/pages/shell.ts";
import { html, redirect } from "../lib/http.ts";
import type { Handler } from "../lib/router.ts";
import { pageError } from "./errors.ts";

export const renderError = pageError;

export const GET: Handler<App, SignedIn> = async (_req, ctx) => {
  const { role } = ctx.identity;
  if (role !== "admin") return redirect(LANDING_PAGE[role], 303, { "Cache-Control": "no-store" });
  return html(await renderShell(ctx.app, "admin/dashboard.html", { role, current: "/" }), 200, { "Cache-Control": "no-store" });
};
