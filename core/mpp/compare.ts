// Configuration drift (DESIGN §5.1): what common.yml + phones.yml say against what a phone reported. Drift is a
// value that differs or a parameter the phone lacks; a parameter the user may change on the phone (`ua: rw`), one
// the configuration changed after the phone's last fetch (not resynced yet) and one no config file sets
// (unexpected) are listed apart and never counted as drift. The newest config report's comparison is cached in
// the config generation's caches under the MAC with that report's id, so a new report or a reload recomputes it.
import type { Db } from "../../db/open.ts";
import { getReport, newestConfigReportId, newestConfigReportIds, type Report } from "../../db/reports.ts";
import type { ParamMap, PhoneEntry } from "../config/mpp-files.ts";
import type { Config } from "../config/store.ts";
import { parseUserAgent, phoneByMac } from "./identify.ts";
import { followAccounts, ownParams, seenModel } from "./layers.ts";
import { mergeParams } from "./profile.ts";
import { changedSinceVersion, generationVersions, type ChangedSinceFetch } from "./profile-versions.ts";
import { maskSecretsInValue } from "./redact.ts";

export interface Difference {
  parameter: string;
  expected: string;
  reported: string | null;
  type: "value_mismatch" | "missing";
}

/** A configured parameter that differs for a reason that is not drift. */
export interface ExplainedDifference {
  parameter: string;
  expected: string;
  reported: string | null;
}

export interface ParamComparison {
  phone_id: string | null;
  expected_count: number;
  reported_count: number;
  /** Drift: value mismatches and missing parameters. */
  differences: Difference[];
  /** `ua: rw` parameters the user changed on the phone. */
  changed_on_phone: ExplainedDifference[];
  /** Parameters the configuration changed after the phone fetched the profile it had when it reported. */
  not_resynced: ExplainedDifference[];
  /** Reported, set by no config file: information, not drift. */
  unexpected_parameters: { parameter: string; reported_value: string }[];
  /** Expected values holding a $MACRO the phone expands itself: shown, never counted as drift. */
  not_comparable: { parameter: string; expected: string; reported: string | null }[];
}

/**
 * Whether the report was made with the profile the phone is given now: `current`; `outdated` (the configuration
 * changed since the phone's fetch before it); `unknown` (it had fetched none from us, or is not in phones.yml).
 */
export type ReportProfile = "current" | "outdated" | "unknown";

export interface ComparedReport extends ParamComparison {
  mac: string;
  report_id: number;
  received_at: string;
  report_profile: ReportProfile;
}

export interface DriftSummary {
  differences: number;
  changed_on_phone: number;
  not_resynced: number;
  unexpected: number;
  report_id: number;
}

export interface CachedComparison {
  reportId: number;
  comparison: ComparedReport;
}

const MACRO = /\$[A-Za-z_]/;

export function isComparable(config: Config, name: string): boolean {
  // Secrets are never compared (nor listed), whatever the blacklist says.
  return !config.comparison.blacklist.has(name) && !config.comparison.secrets.has(name);
}

/** `own`: the phone's parameters over common.yml (core/mpp/layers.ts); undefined for a phone not in phones.yml. */
export function compareParams(config: Config, phone: PhoneEntry | undefined, own: ParamMap | undefined, reported: Record<string, string>, changedSinceFetch: ChangedSinceFetch = () => false): ParamComparison {
  const expected = new Map<string, { value: string; rw: boolean }>();
  for (const [name, p] of mergeParams(config.common, own)) if (isComparable(config, name)) expected.set(name, { value: p.value, rw: p.ua === "rw" });
  const out: ParamComparison = {
    phone_id: phone?.id ?? null,
    expected_count: expected.size,
    reported_count: 0,
    differences: [],
    changed_on_phone: [],
    not_resynced: [],
    unexpected_parameters: [],
    not_comparable: [],
  };
  // Values are compared as they are and shown with the secrets inside them (a rule's --key, a URL's password) masked.
  const shown = (v: string | null) => (v === null ? null : maskSecretsInValue(v));
  for (const [name, { value: want, rw }] of expected) {
    const got = Object.hasOwn(reported, name) ? reported[name] : null;
    if (MACRO.test(want)) out.not_comparable.push({ parameter: name, expected: shown(want)!, reported: shown(got) });
    else if (got === want.trim()) continue;
    else if (changedSinceFetch(name, want)) out.not_resynced.push({ parameter: name, expected: shown(want)!, reported: shown(got) });
    else if (rw && got !== null) out.changed_on_phone.push({ parameter: name, expected: shown(want)!, reported: shown(got) });
    else if (got === null) out.differences.push({ parameter: name, expected: shown(want)!, reported: null, type: "missing" });
    else out.differences.push({ parameter: name, expected: shown(want)!, reported: shown(got), type: "value_mismatch" });
  }
  for (const [name, value] of Object.entries(reported)) {
    if (!isComparable(config, name)) continue;
    out.reported_count++;
    if (!expected.has(name)) out.unexpected_parameters.push({ parameter: name, reported_value: maskSecretsInValue(value) });
  }
  return out;
}

/** A config report against the configuration now, with what changed since the phone's fetch set apart. */
export function compareReport(config: Config, db: Db, report: Report): ComparedReport {
  const phone = phoneByMac(config, report.mac);
  const now = phone ? generationVersions(config, db).fingerprints.get(report.mac) : undefined;
  const had = report.profile_fingerprint;
  const changed = had && now && had !== now ? changedSinceVersion(db, config, report.mac, had) : undefined;
  const reportProfile: ReportProfile = !had || !now ? "unknown" : had === now ? "current" : changed ? "outdated" : "unknown";
  return {
    mac: report.mac,
    report_id: report.id,
    received_at: report.received_at,
    report_profile: reportProfile,
    ...compareParams(config, phone, phone && ownParams(config, db, phone, reportedModel(config, db, phone, report)).params, report.params, changed),
  };
}

/** The model the phone was when it reported (its User-Agent then), else the one last seen. */
const reportedModel = (config: Config, db: Db, phone: PhoneEntry, report: Report) => parseUserAgent(report.user_agent).model ?? seenModel(config, db, phone);

/** The comparison of a phone's newest config report (cached), or undefined when it has sent none. */
export function comparePhone(config: Config, db: Db, mac: string, reportId = newestConfigReportId(db, mac)): ComparedReport | undefined {
  if (reportId === undefined) return undefined;
  followAccounts(config, db);
  const hit = config.caches.comparisons.get(mac);
  if (hit?.reportId === reportId) return hit.comparison;
  const report = getReport(db, reportId);
  if (!report) return undefined;
  const comparison = compareReport(config, db, report);
  config.caches.comparisons.set(mac, { reportId, comparison });
  return comparison;
}

/**
 * Drift counts for every phone of phones.yml that sent a config report (cached like comparePhone). Phones we do
 * not configure (factory-reset ones in discovery mode) would only add noise to the gauges.
 */
export function driftSummary(config: Config, db: Db): Map<string, DriftSummary> {
  const out = new Map<string, DriftSummary>();
  for (const [mac, reportId] of newestConfigReportIds(db)) {
    if (!phoneByMac(config, mac)) continue;
    const c = comparePhone(config, db, mac, reportId);
    if (c) {
      out.set(mac, {
        differences: c.differences.length,
        changed_on_phone: c.changed_on_phone.length,
        not_resynced: c.not_resynced.length,
        unexpected: c.unexpected_parameters.length,
        report_id: reportId,
      });
    }
  }
  return out;
}
