// Phone reports: one row per report, the newest N kept per phone. A report and its pruning are one transaction.
import { forgetReportOnlySightings, recordReportSighting } from "./sightings.ts";
import { statements, type Db } from "./open.ts";

export type ReportType = "config" | "status" | "delta";

export interface NewReport {
  mac: string;
  receivedAt: string;
  clientIp: string;
  userAgent: string;
  reportType: ReportType;
  /**
   * The parameters as JSON text (serialized where the report was parsed, off the event loop) and their number;
   * text or its UTF-8 bytes, as the XML (stored as TEXT either way).
   */
  paramsJson: string | Uint8Array;
  paramCount: number;
  rawXml: string | Uint8Array;
  /** The profile version the phone had last fetched (core/mpp/profile-versions.ts), when known. */
  profileFingerprint?: string;
}

/** A report without its (large) parameters and XML, for lists. */
export interface ReportSummary {
  id: number;
  mac: string;
  received_at: string;
  client_ip: string;
  user_agent: string;
  report_type: ReportType;
  param_count: number;
}

export interface Report extends ReportSummary {
  params: Record<string, string>;
  raw_xml: string;
  profile_fingerprint: string | null;
}

const SUMMARY = "id, mac, received_at, client_ip, user_agent, report_type, param_count";

/** One cap for the reports of every phone not in phones.yml together: the newest are kept. */
export interface StrangerCap {
  maxReports: number;
  maxBytes: number;
}

/** A phone's newest report and how many it has (the reports page's one row per phone). */
export interface ReportPhone extends ReportSummary {
  report_count: number;
}

/** Which phones: all, or those whose MAC holds `macPart` (lower-case hex) or is one of `macs`. */
export interface ReportPhoneFilter {
  macPart?: string;
  macs?: string[];
}

// The filter as SQL, with @filtered = 0 meaning "every phone".
const PHONE_FILTER = "(@filtered = 0 OR (@part <> '' AND instr(mac, @part) > 0) OR mac IN (SELECT value FROM json_each(@macs)))";

const q = statements((db) => ({
  insert: db.prepare(`INSERT INTO reports (mac, received_at, client_ip, user_agent, report_type, param_count, params, raw_xml, from_unknown_phone, size_bytes, profile_fingerprint)
    VALUES (?, ?, ?, ?, ?, ?, CAST(? AS TEXT), CAST(? AS TEXT), ?, ?, ?)`),
  strangerTotals: db.prepare("SELECT count(*) AS reports, coalesce(sum(size_bytes), 0) AS bytes FROM reports WHERE from_unknown_phone = 1"),
  oldestStranger: db.prepare("SELECT id, mac, size_bytes FROM reports WHERE from_unknown_phone = 1 ORDER BY id LIMIT 1"),
  deleteOne: db.prepare("DELETE FROM reports WHERE id = ?"),
  // Everything older than the phone's newest `keep` reports.
  pruneMac: db.prepare(`DELETE FROM reports WHERE mac = ? AND id <= (SELECT id FROM reports WHERE mac = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`),
  macs: db.prepare("SELECT DISTINCT mac FROM reports"),
  one: db.prepare("SELECT * FROM reports WHERE id = ?"),
  list: db.prepare(`SELECT ${SUMMARY} FROM reports ORDER BY id DESC LIMIT ? OFFSET ?`),
  listMac: db.prepare(`SELECT ${SUMMARY} FROM reports WHERE mac = ? ORDER BY id DESC LIMIT ? OFFSET ?`),
  count: db.prepare("SELECT count(*) AS n FROM reports"),
  countMac: db.prepare("SELECT count(*) AS n FROM reports WHERE mac = ?"),
  phones: db.prepare(`
    WITH newest AS (SELECT mac, max(id) AS id, count(*) AS report_count FROM reports WHERE ${PHONE_FILTER} GROUP BY mac)
    SELECT r.id, r.mac, r.received_at, r.client_ip, r.user_agent, r.report_type, r.param_count, newest.report_count
    FROM newest JOIN reports r ON r.id = newest.id ORDER BY r.id DESC LIMIT @limit OFFSET @offset`),
  countPhones: db.prepare(`SELECT count(DISTINCT mac) AS n FROM reports WHERE ${PHONE_FILTER}`),
  newestConfigId: db.prepare("SELECT max(id) AS id FROM reports WHERE report_type = 'config' AND mac = ?"),
  newestConfigAny: db.prepare("SELECT max(id) AS id FROM reports WHERE report_type = 'config'"),
  newestConfigIds: db.prepare("SELECT mac, max(id) AS id FROM reports WHERE report_type = 'config' GROUP BY mac"),
  newestConfigSummaries: db.prepare(`SELECT ${SUMMARY} FROM reports
    WHERE id IN (SELECT max(id) FROM reports WHERE report_type = 'config' GROUP BY mac) ORDER BY id DESC`),
  params: db.prepare("SELECT params FROM reports WHERE id = ?"),
  countSince: db.prepare("SELECT count(*) AS n FROM reports WHERE received_at >= ?"),
  exists: db.prepare("SELECT 1 FROM reports WHERE mac = ? AND received_at = ?"),
}));

/**
 * Stores a report, drops the phone's reports beyond `keep` and notes the sighting — one transaction. A report of
 * a phone not in phones.yml (`stranger`) also drops the oldest such reports beyond that cap, and the sightings of
 * phones that were seen only through the reports dropped.
 */
export function addReport(db: Db, r: NewReport, keep: number, stranger?: StrangerCap): number {
  const s = q(db);
  const size = byteLength(r.rawXml) + byteLength(r.paramsJson);
  return db.transaction(() => {
    const id = Number(s.insert.run(r.mac, r.receivedAt, r.clientIp, r.userAgent, r.reportType, r.paramCount, r.paramsJson, r.rawXml, stranger ? 1 : 0, size, r.profileFingerprint ?? null).lastInsertRowid);
    s.pruneMac.run(r.mac, r.mac, keep);
    recordReportSighting(db, r.mac, r.clientIp, r.receivedAt);
    if (stranger) forgetReportOnlySightings(db, evictStrangers(s, stranger));
    return id;
  })();
}

const byteLength = (text: string | Uint8Array): number => (typeof text === "string" ? Buffer.byteLength(text) : text.byteLength);

/** Drops the oldest reports of unknown phones until they fit `cap` (the newest always stays); their MACs. */
function evictStrangers(s: ReturnType<typeof q>, cap: StrangerCap): string[] {
  let { reports, bytes } = s.strangerTotals.get() as { reports: number; bytes: number };
  const macs = new Set<string>();
  while (reports > 1 && (reports > cap.maxReports || bytes > cap.maxBytes)) {
    const oldest = s.oldestStranger.get() as { id: number; mac: string; size_bytes: number };
    s.deleteOne.run(oldest.id);
    macs.add(oldest.mac);
    reports--;
    bytes -= oldest.size_bytes;
  }
  return [...macs];
}

/** Applies the retention to every phone; returns how many reports were deleted. */
export function pruneReports(db: Db, keep: number): number {
  const s = q(db);
  return db.transaction(() => {
    let deleted = 0;
    for (const { mac } of s.macs.all() as { mac: string }[]) deleted += s.pruneMac.run(mac, mac, keep).changes;
    return deleted;
  })();
}

export function getReport(db: Db, id: number): Report | undefined {
  const row = q(db).one.get(id) as (ReportSummary & { params: string; raw_xml: string; profile_fingerprint: string | null }) | undefined;
  return row ? { ...row, params: JSON.parse(row.params) as Record<string, string> } : undefined;
}

/** Reports newest first, of one phone or of all; `offset` reports skipped (paging). */
export function listReports(db: Db, options: { mac?: string; limit?: number; offset?: number } = {}): ReportSummary[] {
  const { limit = 500, offset = 0 } = options;
  const s = q(db);
  return (options.mac ? s.listMac.all(options.mac, limit, offset) : s.list.all(limit, offset)) as ReportSummary[];
}

export function countReports(db: Db, mac?: string): number {
  const s = q(db);
  return ((mac ? s.countMac.get(mac) : s.count.get()) as { n: number }).n;
}

// The filter's parameters; without a filter, every phone.
const filterParams = (filter: ReportPhoneFilter | undefined) =>
  ({ filtered: filter ? 1 : 0, part: filter?.macPart ?? "", macs: JSON.stringify(filter?.macs ?? []) });

/** One row per phone that reported (its newest report and how many it has), newest first. */
export function listReportPhones(db: Db, filter: ReportPhoneFilter | undefined, page: { limit: number; offset: number }): ReportPhone[] {
  return q(db).phones.all({ ...filterParams(filter), ...page }) as ReportPhone[];
}

/** How many phones listReportPhones finds in all (for paging). */
export function countReportPhones(db: Db, filter: ReportPhoneFilter | undefined): number {
  return (q(db).countPhones.get(filterParams(filter)) as { n: number }).n;
}

/** The newest config report of a phone, or of any phone when `mac` is undefined. */
export function newestConfigReportId(db: Db, mac?: string): number | undefined {
  const s = q(db);
  return ((mac === undefined ? s.newestConfigAny.get() : s.newestConfigId.get(mac)) as { id: number | null }).id ?? undefined;
}

/** mac → id of its newest config report, for every phone that ever sent one. */
export function newestConfigReportIds(db: Db): Map<string, number> {
  return new Map((q(db).newestConfigIds.all() as { mac: string; id: number }[]).map((r) => [r.mac, r.id]));
}

/** Each phone's newest config report (without parameters), newest first. */
export function newestConfigReports(db: Db): ReportSummary[] {
  return q(db).newestConfigSummaries.all() as ReportSummary[];
}

export function reportParams(db: Db, id: number): Record<string, string> | undefined {
  const row = q(db).params.get(id) as { params: string } | undefined;
  return row ? (JSON.parse(row.params) as Record<string, string>) : undefined;
}

export function countReportsSince(db: Db, sinceIso: string): number {
  return (q(db).countSince.get(sinceIso) as { n: number }).n;
}

export function reportExists(db: Db, mac: string, receivedAt: string): boolean {
  return q(db).exists.get(mac, receivedAt) !== undefined;
}
