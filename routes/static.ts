// Files from public/ (CSS, JS, pages) — last in the route table, so it only answers what nothing else does.
import type { App } from "../core/app.ts";
import type { Handler } from "../lib/router.ts";
import { serveStatic } from "../lib/static.ts";
import { pageError } from "./errors.ts";

export const renderError = pageError;

export const GET: Handler<App> = (_req, ctx) => serveStatic(ctx.app.publicDir, ctx.params.path);
