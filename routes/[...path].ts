// GET /<path> — files from public/ (CSS, JS, pages); last in the route table, so it only answers what nothing
// else does. Admin and self-service page shells are served only through their own routes: serveStatic serves a file under
// its one exact spelling only (no `//admin/…`, `/%2fadmin/…` or trailing slash), so checking that spelling suffices.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { App } from "../core/app.ts";
import { HttpError } from "../lib/http.ts";
import type { Handler } from "../lib/router.ts";
import { serveStatic } from "../lib/static.ts";
import { pageError } from "./errors.ts";

export const renderError = pageError;

export const GET: Handler<App> = (_req, ctx) => {
  if (/^(admin|self-service)\/.*\.html$/i.test(ctx.params.path)) throw new HttpError(404, "Not found");
  return serveStatic(ctx.app.publicDir, themed(ctx.app, ctx.params.path));
};

/** With SWITCHBOARD_INSTANCE=foo, css/foo.style.css replaces css/style.css when it exists (DESIGN §6). */
function themed(app: App, path: string): string {
  if (path !== "css/style.css" || !app.instance || !/^[\w-]+$/.test(app.instance)) return path;
  const own = `css/${app.instance}.style.css`;
  return existsSync(join(app.publicDir, own)) ? own : path;
}
