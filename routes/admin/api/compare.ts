// GET /api/admin/compare/<mac> — the drift of a phone's newest config report (DESIGN §5.1).
import type { App } from "../../../core/app.ts";
import { requireRole } from "../../../core/auth/roles.ts";
import { comparePhone } from "../../../core/mpp/compare.ts";
import { formatMac, normalizeMac } from "../../../core/mpp/mac.ts";
import { HttpError, json } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (req, ctx) => {
  requireRole(req, ctx, ["admin"]);
  const mac = normalizeMac(ctx.params.mac);
  if (!mac) throw new HttpError(400, `"${ctx.params.mac}" is not a MAC address.`);
  const comparison = comparePhone(ctx.app.store.config, ctx.app.db, mac);
  if (!comparison) throw new HttpError(404, `Phone ${formatMac(mac)} has not sent a configuration report yet.`);
  return json(comparison);
};
