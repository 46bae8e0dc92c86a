// GET /contacts — the web contacts viewer: sign in with SIP username, password and cloud ID (POST /sso/token from
// the page), then a device's synced address book, searchable, on-net contacts marked. A static shell from public/
// whose script talks to /sync/… with the Bearer token; open to everyone, as the token is the credential.
import type { App } from "../core/app.ts";
import { renderShell } from "../core/pages/shell.ts";
import { html } from "../lib/http.ts";
import type { Handler } from "../lib/router.ts";
import { pageError } from "./errors.ts";

export const renderError = pageError;

export const GET: Handler<App, null> = async (_req, ctx) => html(await renderShell(ctx.app, "contacts.html"), 200, { "Cache-Control": "no-store" });
