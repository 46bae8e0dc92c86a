// One stored report as the admin pages show it: parameters and raw XML with every secret blanked.
import type { Db } from "../../db/open.ts";
import type { Config } from "../config/store.ts";
import { getReport, type Report } from "../../db/reports.ts";
import { NotFound } from "../../lib/errors.ts";
import { redactParams, redactXml } from "./redact.ts";

/** `id` as it came in the URL; NotFound for anything that is not a stored report's id. */
export function reportForAdmin(config: Config, db: Db, id: string): Report {
  const n = /^\d{1,15}$/.test(id) ? Number(id) : 0;
  const report = n > 0 ? getReport(db, n) : undefined;
  if (!report) throw new NotFound("Report not found");
  const { secrets } = config.comparison;
  return { ...report, params: redactParams(secrets, report.params), raw_xml: redactXml(secrets, report.raw_xml) };
}
