// Imports the Python MPP service's reports folder (`reports/<mac>_<type>_<timestamp>.json`) into SQLite.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "../../db/open.ts";
import { addReport, reportExists, type NewReport, type ReportType } from "../../db/reports.ts";
import { normalizeMac } from "./mac.ts";

export interface ImportResult {
  imported: number;
  skipped: number;
  problems: string[];
}

const TYPES = new Set(["config", "status", "delta"]);

/** One seed report file as a NewReport, or a sentence saying why not. */
export function seedReport(raw: unknown): NewReport | string {
  if (typeof raw !== "object" || raw === null) return "not a JSON object";
  const r = raw as Record<string, unknown>;
  const mac = normalizeMac(String(r.mac_address ?? ""));
  if (!mac) return "no valid mac_address";
  const at = new Date(String(r.timestamp ?? ""));
  if (Number.isNaN(at.getTime())) return "no valid timestamp";
  const data = typeof r.data === "object" && r.data !== null ? (r.data as Record<string, unknown>) : {};
  const params: Record<string, string> = Object.fromEntries(
    Object.entries(data).filter(([k]) => k !== "raw_xml").map(([k, v]) => [k, v == null ? "" : String(v)]),
  );
  const type = String(r.report_type ?? "config");
  return {
    mac,
    receivedAt: at.toISOString(),
    clientIp: String(r.client_ip ?? ""),
    userAgent: String(r.user_agent ?? ""),
    reportType: (TYPES.has(type) ? type : "config") as ReportType,
    paramsJson: JSON.stringify(params),
    paramCount: Object.keys(params).length,
    rawXml: typeof data.raw_xml === "string" ? data.raw_xml : "",
  };
}

/** Oldest first, so the retention keeps the newest; a report already imported (same MAC and time) is skipped. */
export function importSeedReports(db: Db, dir: string, keep: number): ImportResult {
  const result: ImportResult = { imported: 0, skipped: 0, problems: [] };
  const reports: NewReport[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    let parsed: NewReport | string;
    try {
      parsed = seedReport(JSON.parse(readFileSync(join(dir, file), "utf8")));
    } catch (err) {
      parsed = `not valid JSON (${(err as Error).message})`;
    }
    if (typeof parsed === "string") result.problems.push(`${file}: ${parsed}`);
    else reports.push(parsed);
  }
  reports.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  for (const r of reports) {
    if (reportExists(db, r.mac, r.receivedAt)) {
      result.skipped++;
      continue;
    }
    addReport(db, r, keep);
    result.imported++;
  }
  return result;
}
