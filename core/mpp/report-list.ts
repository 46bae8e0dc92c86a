// The reports page's lists, paged: one row per phone (its newest report, its name from phones.yml and how many it
// sent), filtered by part of a phone's name or MAC; or every report of one phone ("show all").
import { countReportPhones, countReports, listReportPhones, listReports, type ReportPhone, type ReportPhoneFilter, type ReportSummary } from "../../db/reports.ts";
import type { Config } from "../config/store.ts";
import type { Db } from "../../db/open.ts";
import { phoneByMac } from "./identify.ts";

export const REPORTS_PER_PAGE = 50;

export interface Paged<T> {
  reports: T[];
  total: number;
  /** 1-based; a page past the end is the last one. */
  page: number;
  pages: number;
  per_page: number;
}

export interface NamedReport extends ReportSummary {
  /** The phone's label or ID in phones.yml; null for a phone not configured. */
  phone: string | null;
}

type PhoneReportRow = NamedReport & Pick<ReportPhone, "report_count">;

const phoneName = (config: Config, mac: string) => {
  const p = phoneByMac(config, mac);
  return p ? p.label ?? p.id : null;
};

/** What `query` names: the MACs of phones whose ID or label holds it, and MACs holding it (any separators). */
export function reportPhoneFilter(config: Config, query: string): ReportPhoneFilter | undefined {
  const q = query.trim().toLowerCase();
  if (!q) return undefined;
  const hex = q.replace(/[:.\-\s]/g, "");
  const macs = config.phones.filter((p) => p.mac && (p.id.toLowerCase().includes(q) || (p.label ?? "").toLowerCase().includes(q))).map((p) => p.mac!);
  return { macPart: /^[0-9a-f]+$/.test(hex) ? hex : undefined, macs };
}

function paging(total: number, requested: number) {
  const pages = Math.max(1, Math.ceil(total / REPORTS_PER_PAGE));
  const page = Math.min(Math.max(1, Math.floor(requested) || 1), pages);
  return { page, pages, offset: (page - 1) * REPORTS_PER_PAGE };
}

/** One row per phone that reported, newest first, those `query` names (all when empty); page `requested`. */
export function reportsByPhone(config: Config, db: Db, query: string, requested: number): Paged<PhoneReportRow> {
  const filter = reportPhoneFilter(config, query);
  const total = countReportPhones(db, filter);
  const { page, pages, offset } = paging(total, requested);
  const phones = listReportPhones(db, filter, { limit: REPORTS_PER_PAGE, offset });
  return { reports: phones.map((r) => ({ ...r, phone: phoneName(config, r.mac) })), total, page, pages, per_page: REPORTS_PER_PAGE };
}

/** Every report of one phone, newest first; page `requested`. */
export function reportsOfPhone(config: Config, db: Db, mac: string, requested: number): Paged<NamedReport> {
  const total = countReports(db, mac);
  const { page, pages, offset } = paging(total, requested);
  const name = phoneName(config, mac);
  return { reports: listReports(db, { mac, limit: REPORTS_PER_PAGE, offset }).map((r) => ({ ...r, phone: name })), total, page, pages, per_page: REPORTS_PER_PAGE };
}
