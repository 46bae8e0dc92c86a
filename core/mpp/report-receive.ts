// A phone's report (Report_Rule) from its arrival to SQLite: parsed off the event loop, stored with the
// phone's retention in one transaction, counted and logged.
import { addReport, type StrangerCap } from "../../db/reports.ts";
import { Forbidden } from "../../lib/errors.ts";
import { log } from "../../lib/log.ts";
import type { App } from "../app.ts";
import { parseUserAgent, phoneByMac } from "./identify.ts";
import { formatMac } from "./mac.ts";
import { countReport } from "./metrics.ts";

export interface ReportArrival {
  /** The body's bytes, handed on to the parser (moved, not copied: the caller does not use them afterwards). */
  body: Buffer;
  contentType: string;
  userAgent: string;
  /** The MAC of /report/<mac>, already checked. */
  urlMac: string | undefined;
  clientIp: string;
  /** The MAC a verified client certificate names (HTTPS with tls.client_ca): the only phone it may report for. */
  provenMac?: string;
}

/** serviceconfig.yml's cap on the reports of phones not in phones.yml, as db/reports.ts counts it. */
const strangerCap = (c: { max_reports: number; max_megabytes: number }): StrangerCap => ({ maxReports: c.max_reports, maxBytes: c.max_megabytes * 1024 * 1024 });

/** The MAC the User-Agent names, or the proven one: a proven phone reports only for itself (as it reads only its own profile). */
function reportingMac(r: ReportArrival): string | undefined {
  const claimed = parseUserAgent(r.userAgent).mac;
  if (r.provenMac === undefined) return claimed;
  for (const [what, mac] of [["URL", r.urlMac], ["User-Agent", claimed]] as const) {
    if (mac !== undefined && mac !== r.provenMac) {
      log.warn(`phone ${formatMac(r.provenMac)} at ${r.clientIp} (proven by its certificate) sent a report for ${formatMac(mac)}: refused`);
      throw new Forbidden(`This phone (${formatMac(r.provenMac)}) may report only for itself; the ${what} names ${formatMac(mac)}.`);
    }
  }
  return r.provenMac;
}

/** Stores a report; Malformed when it cannot be read. Once this returns, the report survives a crash. */
export async function receiveReport(app: App, r: ReportArrival): Promise<{ id: number; mac: string }> {
  const report = await app.reportParser.parse({ body: r.body, contentType: r.contentType, urlMac: r.urlMac, uaMac: reportingMac(r) });
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
