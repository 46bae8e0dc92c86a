// POST /api/admin/reports/prune {} — applies reports.retention now.
import type { App } from "../../../../core/app.ts";
import { pruneReports } from "../../../../db/reports.ts";
import { json } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { jsonError } from "../../../errors.ts";

export const renderError = jsonError;

export const POST: Handler<App> = (_req, ctx) => {
  const keep = ctx.app.store.config.service.reports.retention;
  return json({ deleted: pruneReports(ctx.app.db, keep), kept_per_phone: keep });
};
