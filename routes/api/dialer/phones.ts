// GET /api/dialer/phones — the phones the dialer offers (label, device name, host; never credentials).
import type { App } from "../../../core/app.ts";
import { dialerPhones } from "../../../core/dialer/dial.ts";
import { json } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (_req, ctx) => {
  const config = ctx.app.store.config;
  return json({ phones: dialerPhones(config), default_keys: config.switchboard.directory.default_keys });
};
