// Configuration drift (DESIGN §5.1): what common.yml + phones.yml say against what the phone last reported.
// Computed from the newest config report and cached in the config generation's caches under the MAC with
// that report's id, so a new report or a config reload computes it afresh.
import type { Db } from "../../db/open.ts";
import { getReport, newestConfigReportId, newestConfigReportIds } from "../../db/reports.ts";
import type { PhoneEntry } from "../config/mpp-files.ts";
import type { Config } from "../config/store.ts";
import { NotFound } from "../../lib/errors.ts";
import { phoneByMac } from "./identify.ts";
import { formatMac } from "./mac.ts";
import { mergeParams } from "./profile.ts";
import { maskSecretsInValue } from "./redact.ts";

export interface Difference {
  parameter: string;
  expected: string;
  reported: string | null;
  type: "value_mismatch" | "missing";
}

export interface Comparison {
  mac: string;
  phone_id: string | null;
  report_id: number;
  received_at: string;
  expected_count: number;
  reported_count: number;
  differences: Difference[];
  unexpected_parameters: { parameter: string; reported_value: string }[];
  /** Expected values holding a $MACRO the phone expands itself: shown, never counted as drift. */
  not_comparable: { parameter: string; expected: string; reported: string | null }[];
}

export interface DriftSummary {
  differences: number;
  unexpected: number;
  report_id: number;
}

const MACRO = /\$[A-Za-z_]/;

export function isComparable(config: Config, name: string): boolean {
  // Secrets are never compared (nor listed), whatever the blacklist says.
  return !config.comparison.blacklist.has(name) && !config.comparison.secrets.has(name);
}

export function compareParams(config: Config, phone: PhoneEntry | undefined, reported: Record<string, string>): Omit<Comparison, "mac" | "report_id" | "received_at"> {
  const expected = new Map<string, string>();
  for (const [name, p] of mergeParams(config.common, phone)) if (isComparable(config, name)) expected.set(name, p.value);
  const out: Omit<Comparison, "mac" | "report_id" | "received_at"> = {
    phone_id: phone?.id ?? null,
    expected_count: expected.size,
    reported_count: 0,
    differences: [],
    unexpected_parameters: [],
    not_comparable: [],
  };
  // Values are compared as they are and shown with the secrets inside them (a rule's --key, a URL's password) masked.
  const shown = (v: string | null) => (v === null ? null : maskSecretsInValue(v));
  for (const [name, want] of expected) {
    const got = Object.hasOwn(reported, name) ? reported[name] : null;
    if (MACRO.test(want)) out.not_comparable.push({ parameter: name, expected: shown(want)!, reported: shown(got) });
    else if (got === null) out.differences.push({ parameter: name, expected: shown(want)!, reported: null, type: "missing" });
    else if (got !== want.trim()) out.differences.push({ parameter: name, expected: shown(want)!, reported: shown(got), type: "value_mismatch" });
  }
  for (const [name, value] of Object.entries(reported)) {
    if (!isComparable(config, name)) continue;
    out.reported_count++;
    if (!expected.has(name)) out.unexpected_parameters.push({ parameter: name, reported_value: maskSecretsInValue(value) });
  }
  return out;
}

export interface CachedComparison {
  reportId: number;
  comparison: Comparison;
}

/** The comparison for a phone's newest config report, or undefined when it has sent none. */
export function comparePhone(config: Config, db: Db, mac: string, reportId = newestConfigReportId(db, mac)): Comparison | undefined {
  if (reportId === undefined) return undefined;
  const hit = config.caches.comparisons.get(mac);
  if (hit?.reportId === reportId) return hit.comparison;
  const report = getReport(db, reportId);
  if (!report) return undefined;
  const comparison: Comparison = { mac, report_id: reportId, received_at: report.received_at, ...compareParams(config, phoneByMac(config, mac), report.params) };
  config.caches.comparisons.set(mac, { reportId, comparison });
  return comparison;
}

/** The comparison a page or download asks for; NotFound while the phone has sent no config report. */
export function requireComparison(config: Config, db: Db, mac: string): Comparison {
  const comparison = comparePhone(config, db, mac);
  if (!comparison) throw new NotFound(`Phone ${formatMac(mac)} has not sent a configuration report yet.`);
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
    if (c) out.set(mac, { differences: c.differences.length, unexpected: c.unexpected_parameters.length, report_id: reportId });
  }
  return out;
}
