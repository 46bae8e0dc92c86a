// GET /api/admin/reports[?mac=][&limit=] — the newest reports, optionally of one phone.
import type { App } from "../../../core/app.ts";
import { requireMac } from "../../../core/mpp/mac.ts";
import { listReports } from "../../../db/reports.ts";
import { json } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (_req, ctx) => {
  const rawMac = ctx.query.get("mac");
  const mac = rawMac ? requireMac(rawMac) : undefined;
  const limit = Math.min(Math.max(Number(ctx.query.get("limit") ?? 500) || 500, 1), 5000);
  return json({ mac: mac ?? null, reports: listReports(ctx.app.db, { mac, limit }) });
};
