// The admin pages: static HTML + JS from public/admin/, served only to signed-in admins. Their data comes
// from /api/admin/… (the pages themselves hold none).
import { join } from "node:path";
import type { App } from "../../core/app.ts";
import { requireRole } from "../../core/auth/roles.ts";
import type { Handler, RouteModule } from "../../lib/router.ts";
import { serveStatic } from "../../lib/static.ts";
import { pageError } from "../errors.ts";

export function adminPage(file: string): RouteModule<App> {
  const GET: Handler<App> = (req, ctx) => {
    requireRole(req, ctx, ["admin"]);
    return serveStatic(join(ctx.app.publicDir, "admin"), file, { "Cache-Control": "no-store" });
  };
  return { GET, renderError: pageError };
}

export const dashboard = adminPage("dashboard.html");
export const reports = adminPage("reports.html");
export const reportDetail = adminPage("report-detail.html");
export const compare = adminPage("compare.html");
export const contactSources = adminPage("contact-sources.html");
