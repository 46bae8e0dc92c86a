// GET /api/admin/reports/<id> — one report with its parameters and raw XML, secrets blanked.
import type { App } from "../../../core/app.ts";
import { requireRole } from "../../../core/auth/roles.ts";
import { redactParams, redactXml } from "../../../core/mpp/redact.ts";
import { getReport } from "../../../db/reports.ts";
import { HttpError, json } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (req, ctx) => {
  requireRole(req, ctx, ["admin"]);
  const id = Number(ctx.params.id);
  const report = Number.isSafeInteger(id) && id > 0 ? getReport(ctx.app.db, id) : undefined;
  if (!report) throw new HttpError(404, "Report not found");
  return json({ ...report, params: redactParams(report.params), raw_xml: redactXml(report.raw_xml) });
};
