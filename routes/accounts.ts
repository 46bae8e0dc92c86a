// GET /accounts — the SIP accounts: search, pages, a new account, the account types.
// The page is a static shell from public/admin/, served only after sign-in; its data comes from /api/admin/accounts….
import type { App } from "../core/app.ts";
import type { Handler } from "../lib/router.ts";
import { serveStatic } from "../lib/static.ts";
import { pageError } from "./errors.ts";

export const renderError = pageError;

export const GET: Handler<App> = (_req, ctx) => serveStatic(ctx.app.publicDir, "admin/accounts.html", { "Cache-Control": "no-store" });
