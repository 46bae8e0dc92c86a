// A phone's report (Report_Rule) from its arrival to SQLite: parsed off the event loop, stored with the
// phone's retention in one transaction, counted and logged.
import { addReport, type StrangerCap } from "../../db/reports.ts";
import { log } from "../../lib/log.ts";
import type { App } from "../app.ts";
import { parseUserAgent, phoneByMac } from "./identify.ts";
import { countReport } from "./metrics.ts";

export interface ReportArrival {
  body: string;
  contentType: string;
  userAgent: string;
  /** The MAC of /report/<mac>, already checked. */
  urlMac: string | undefined;
  clientIp: string;
}

/** serviceconfig.yml's cap on the reports of phones not in phones.yml, as db/reports.ts counts it. */
const strangerCap = (c: { max_reports: number; max_megabytes: number }): StrangerCap => ({ maxReports: c.max_reports, maxBytes: c.max_megabytes * 1024 * 1024 });

/** Stores a report; Malformed when it cannot be read. Once this returns, the report survives a crash. */
export async function receiveReport(app: App, r: ReportArrival): Promise<{ id: number; mac: string }> {
  const report = await app.reportParser.parse({ body: r.body, contentType: r.contentType, urlMac: r.urlMac, uaMac: parseUserAgent(r.userAgent).mac });
  const config = app.store.config;
  const id = addReport(app.db, {
    mac: report.mac,
    receivedAt: new Date().toISOString(),
    clientIp: r.clientIp,
    userAgent: r.userAgent,
    reportType: report.reportType,
    paramsJson: report.paramsJson,
    paramCount: report.paramCount,
    rawXml: report.xml,
    // Which configuration the phone had when it reported: drift tells a change it has not fetched from drift.
    profileFingerprint: app.sightings.lastProfile(report.mac)?.fingerprint,
  }, config.service.reports.retention, phoneByMac(config, report.mac) ? undefined : strangerCap(config.service.reports.unknown_phones));
  countReport(app.metrics, config, report.mac, report.reportType);
  log.info(`${report.reportType} report ${id} from ${report.mac} at ${r.clientIp}: ${report.paramCount} parameters`);
  return { id, mac: report.mac };
}
