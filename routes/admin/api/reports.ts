// GET /api/admin/reports[?mac=] — the newest reports, optionally of one phone.
import type { App } from "../../../core/app.ts";
import { requireRole } from "../../../core/auth/roles.ts";
import { normalizeMac } from "../../../core/mpp/mac.ts";
import { listReports } from "../../../db/reports.ts";
import { HttpError, json } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (req, ctx) => {
  requireRole(req, ctx, ["admin"]);
  const rawMac = ctx.query.get("mac");
  const mac = rawMac ? normalizeMac(rawMac) : undefined;
  if (rawMac && !mac) throw new HttpError(400, `"${rawMac}" is not a MAC address.`);
  const limit = Math.min(Math.max(Number(ctx.query.get("limit") ?? 500) || 500, 1), 5000);
  return json({ mac: mac ?? null, reports: listReports(ctx.app.db, { mac, limit }) });
};
