// GET /?key=K (legacy /index.php?key=K) — the overview of one phone book: the URLs to paste into the phones and
// links to the dialer and the vCard export. The key is the credential, as in the PHP tool.
import type { App } from "../core/app.ts";
import { renderPhoneBookOverview } from "../core/contacts/phone-book-page.ts";
import { html } from "../lib/http.ts";
import type { Handler } from "../lib/router.ts";
import { pageError } from "./errors.ts";
import type { KeyHolder } from "./guards.ts";

export const renderError = pageError;

export const GET: Handler<App, KeyHolder> = (_req, ctx) =>
  html(renderPhoneBookOverview({
    name: ctx.app.store.config.switchboard.name,
    base: ctx.app.store.config.switchboard.public_url,
    keys: ctx.identity.keys,
    sources: ctx.identity.sources,
    justConnected: ctx.query.get("state") === "authorized",
  }));
