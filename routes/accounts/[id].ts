// GET /accounts/<id> — one SIP account: edit it, its flags, an API key, its types and DTMF actions, delete it.
// A static shell from public/admin/ (404 page for an unknown account); its data comes from /api/admin/accounts/<id>….
import type { App } from "../../core/app.ts";
import { requireAccount } from "../../core/accounts/manage.ts";
import type { SignedIn } from "../../core/auth/roles.ts";
import { renderShell } from "../../core/pages/shell.ts";
import { html } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { pageError } from "../errors.ts";

export const renderError = pageError;

export const GET: Handler<App, SignedIn> = async (_req, ctx) => {
  requireAccount(ctx.app.db, ctx.params.id);
  return html(await renderShell(ctx.app, "admin/account.html", { role: ctx.identity.role, current: "/accounts" }), 200, { "Cache-Control": "no-store" });
};
