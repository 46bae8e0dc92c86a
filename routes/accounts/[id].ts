// GET /accounts/<id> — one SIP account: edit it, its flags, an API key, its types and DTMF actions, delete it.
// A static shell from public/admin/ (404 page for an unknown account); its data comes from /api/admin/accounts/<id>….
import type { App } from "../../core/app.ts";
import { requireAccount } from "../../core/accounts/manage.ts";
import type { Handler } from "../../lib/router.ts";
import { serveStatic } from "../../lib/static.ts";
import { pageError } from "../errors.ts";

export const renderError = pageError;

export const GET: Handler<App> = (_req, ctx) => {
  requireAccount(ctx.app.db, ctx.params.id);
  return serveStatic(ctx.app.publicDir, "admin/account.html", { "Cache-Control": "no-store" });
};
