// POST|PUT /report and /report/<mac> — a phone reports its configuration (Report_Rule, DESIGN §5.1).
import type { App } from "../../core/app.ts";
import { recordReport } from "../../core/mpp/metrics.ts";
import { parseUserAgent } from "../../core/mpp/identify.ts";
import { normalizeMac } from "../../core/mpp/mac.ts";
import { parseReportInWorker } from "../../core/mpp/report-ingest.ts";
import { REPORT_SIZE_LIMIT, ReportError, type StorableReport } from "../../core/mpp/report-parse.ts";
import { addReport } from "../../db/reports.ts";
import { HttpError, json, readBody } from "../../lib/http.ts";
import { log } from "../../lib/log.ts";
import type { Handler } from "../../lib/router.ts";
import { jsonError } from "../errors.ts";

export const renderError = jsonError;

export const POST: Handler<App> = async (req, ctx) => {
  const config = ctx.app.store.config;
  // In discovery mode any phone may report: that is how factory defaults are collected.
  if (!config.service.discovery.enabled && !config.allowlist.has(ctx.clientIp)) {
    throw new HttpError(403, `Access denied: ${ctx.clientIp} is not an allowed phone address`);
  }
  let urlMac: string | undefined;
  if (ctx.params.mac !== undefined) {
    urlMac = normalizeMac(ctx.params.mac);
    if (!urlMac) throw new HttpError(400, `"${ctx.params.mac}" is not a MAC address.`);
  }
  const userAgent = String(req.headers["user-agent"] ?? "");
  const body = await readBody(req, REPORT_SIZE_LIMIT);
  const report = await parseOr400(parseReportInWorker(ctx.app, {
    body: body.toString("utf8"),
    contentType: String(req.headers["content-type"] ?? ""),
    urlMac,
    uaMac: parseUserAgent(userAgent).mac,
  }));
  const id = addReport(ctx.app.db, {
    mac: report.mac,
    receivedAt: new Date().toISOString(),
    clientIp: ctx.clientIp,
    userAgent,
    reportType: report.reportType,
    paramsJson: report.paramsJson,
    paramCount: report.paramCount,
    rawXml: report.xml,
  }, config.service.reports.retention);
  recordReport(ctx.app, report.mac, report.reportType);
  log.info(`${report.reportType} report ${id} from ${report.mac} at ${ctx.clientIp}: ${report.paramCount} parameters`);
  return json({ status: "success", message: "Report received", id, mac: report.mac });
};

export const PUT = POST;

async function parseOr400(parsing: Promise<StorableReport>): Promise<StorableReport> {
  try {
    return await parsing;
  } catch (err) {
    if (err instanceof ReportError) throw new HttpError(400, err.message);
    throw err;
  }
}
