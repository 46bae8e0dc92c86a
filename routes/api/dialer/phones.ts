// GET /api/dialer/phones — the phones the dialer offers (label, device name, host; never credentials), and how
// many default phone books the suggestions come from (not their keys: a key is a phone book's credential).
import type { App } from "../../../core/app.ts";
import { dialerPhones } from "../../../core/dialer/dial.ts";
import { json } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (_req, ctx) => {
  const config = ctx.app.store.config;
  return json({ phones: dialerPhones(config), default_books: config.switchboard.directory.default_keys.length });
};
