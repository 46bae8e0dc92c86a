// POST /api/admin/reports/prune — applies reports.retention now (JSON body, same-origin only).
import type { App } from "../../../core/app.ts";
import { requireRole } from "../../../core/auth/roles.ts";
import { pruneReports } from "../../../db/reports.ts";
import { json, readJson } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { requireSameOrigin } from "../../../lib/same-origin.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const POST: Handler<App> = async (req, ctx) => {
  requireRole(req, ctx, ["admin"]);
  requireSameOrigin(req);
  await readJson(req);
  const keep = ctx.app.store.config.service.reports.retention;
  return json({ deleted: pruneReports(ctx.app.db, keep), kept_per_phone: keep });
};
