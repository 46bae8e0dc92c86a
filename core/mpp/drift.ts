// The comparison an admin asks for (the compare page, its JSON and the export): the newest config report of a
// phone or the one named, and whether the phone has fetched (and reported) the configuration as it is now.
import { currentProfileVersion } from "../../db/profile-versions.ts";
import { getReport, newestConfigReportId } from "../../db/reports.ts";
import { Invalid, Malformed, NotFound } from "../../lib/errors.ts";
import type { App } from "../app.ts";
import { compareReport, comparePhone, type ComparedReport } from "./compare.ts";
import { formatMac } from "./mac.ts";
import { currentConfig } from "./layers.ts";
import { generationVersions } from "./profile-versions.ts";

/**
 * current: the phone reported with the configuration as it is now; not_fetched: the configuration changed after the
 * phone's fetch and it has not fetched it since; not_reported: it has fetched it, but not reported since;
 * reported_since: an older report is compared, and the phone's newest one was made with the configuration of now;
 * unknown: the report does not say (the phone had fetched no profile from us, or it is not in phones.yml).
 */
export type ResyncStatus = "current" | "not_fetched" | "not_reported" | "reported_since" | "unknown";

export interface ResyncState {
  status: ResyncStatus;
  /** When a config (re)load last changed the phone's profile. */
  config_changed_at: string | null;
  /** The phone's last profile fetch. */
  profile_fetched_at: string | null;
}

export interface Comparison extends ComparedReport {
  /** The phone's newest config report (the one compared unless another was named). */
  newest_report_id: number;
  resync: ResyncState;
}

/** `report`: a report id from the URL, or null/undefined for the phone's newest config report. */
export function requireComparison(app: App, mac: string, report?: string | null): Comparison {
  const { db } = app;
  const config = currentConfig(app);
  const newest = newestConfigReportId(db, mac);
  let compared: ComparedReport | undefined;
  if (report === undefined || report === null) {
    compared = comparePhone(config, db, mac, newest);
  } else {
    const id = /^\d{1,15}$/.test(report) ? Number(report) : NaN;
    if (Number.isNaN(id)) throw new Malformed(`"${report.slice(0, 20)}" is not a report number.`);
    const r = getReport(db, id);
    if (!r || r.mac !== mac) throw new NotFound(`Phone ${formatMac(mac)} has no report ${id}.`);
    if (r.report_type !== "config") throw new Invalid(`Report ${id} is a ${r.report_type} report: only config reports are compared.`);
    // An older report is compared afresh: the cache holds the newest one, which the dashboard reads.
    compared = id === newest ? comparePhone(config, db, mac, id) : compareReport(config, db, r);
  }
  if (!compared || newest === undefined) throw new NotFound(`Phone ${formatMac(mac)} has not sent a configuration report yet.`);
  return { ...compared, newest_report_id: newest, resync: resyncState(app, compared, newest) };
}

function resyncState(app: App, c: ComparedReport, newestReportId: number): ResyncState {
  const config = app.store.config;
  const fetched = app.sightings.lastProfile(c.mac);
  const now = generationVersions(config, app.db).fingerprints.get(c.mac);
  const version = now === undefined ? undefined : currentProfileVersion(app.db, c.mac);
  let status: ResyncStatus = c.report_profile !== "outdated" ? c.report_profile : fetched?.fingerprint === now ? "not_reported" : "not_fetched";
  // "Its next report will show it" is wrong of an older report when the newest one already does.
  if (status === "not_reported" && c.report_id !== newestReportId && comparePhone(config, app.db, c.mac, newestReportId)?.report_profile === "current") {
    status = "reported_since";
  }
  return {
    status,
    config_changed_at: version && version.fingerprint === now ? version.current_since : null,
    profile_fetched_at: fetched?.at ?? null,
  };
}
