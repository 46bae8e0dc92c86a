// Which phone's report schema:generate and schema:verify read: the one the admin names (a phone of phones.yml,
// any MAC, or a model), never silently the newest report of whatever phone reported last.
import type { Db } from "../../db/open.ts";
import { getReport, newestConfigReportId, newestConfigReports, type Report } from "../../db/reports.ts";
import type { Config } from "../config/store.ts";
import { parseUserAgent, phoneByIdentifier } from "./identify.ts";
import { formatMac, normalizeMac } from "./mac.ts";

export type ReportChoice = { report: Report } | { message: string; usage?: true };

const NO_REPORT_HINT = "point its Report_Rule at /report/$MA first";

/** "CP-8851-3PCC", "cp-8851", "8851" → "8851"; undefined for what does not look like a model. */
export function modelKey(text: string | undefined): string | undefined {
  const m = /^(?:Cisco-)?(?:CP-)?(\d{4}[A-Z]{0,2})(?:-3PCC)?(?:-[A-Z0-9]+)?$/i.exec(text?.trim() ?? "");
  return m?.[1].toUpperCase();
}

/**
 * `target`: a phone of phones.yml (ID, MAC, serial number or label), any MAC, or a model. Without one, the newest
 * report is used only when every phone that reported is the same model (a schema is a model's parameters).
 */
export function chooseReport(db: Db, config: Config, target: string | undefined): ReportChoice {
  if (target === undefined) return onlyModel(db);
  const phone = phoneByIdentifier(config, target) ?? config.phones.find((p) => p.label?.toLowerCase() === target.toLowerCase());
  if (phone && !phone.mac) return { message: `Phone "${phone.id}" has no mac in phones.yml, so its reports cannot be found.` };
  const mac = phone?.mac ?? normalizeMac(target);
  if (mac) {
    const id = newestConfigReportId(db, mac);
    const report = id === undefined ? undefined : getReport(db, id);
    const who = phone ? `phone "${phone.id}" (${formatMac(mac)})` : formatMac(mac);
    return report ? { report } : { message: `No config report from ${who} yet: ${NO_REPORT_HINT}.` };
  }
  const model = modelKey(target);
  if (!model) return { message: `"${target}" is not a phone of phones.yml, a MAC address or a phone model (such as CP-8851-3PCC).`, usage: true };
  const summary = newestConfigReports(db).find((r) => modelKey(parseUserAgent(r.user_agent).model) === model);
  const report = summary && getReport(db, summary.id);
  return report ? { report } : { message: `No config report from a ${target} yet: ${NO_REPORT_HINT}.` };
}

function onlyModel(db: Db): ReportChoice {
  const newest = newestConfigReports(db);
  if (!newest.length) return { message: `No config report yet: ${NO_REPORT_HINT}.` };
  const models = new Map<string, { model: string; mac: string }>(); // model key → its name and one phone of it
  for (const r of newest) {
    const model = parseUserAgent(r.user_agent).model ?? "unknown model";
    const key = modelKey(model) ?? model;
    if (!models.has(key)) models.set(key, { model, mac: formatMac(r.mac) });
  }
  if (models.size > 1) {
    const list = [...models.values()].map((m) => `${m.model} (e.g. ${m.mac})`).join(", ");
    const example = [...models.values()][0].model;
    return { message: `Phones of ${models.size} models have reported: ${list}. Name the phone or model to read, e.g. ${example}.`, usage: true };
  }
  const report = getReport(db, newest[0].id);
  return report ? { report } : { message: `No config report yet: ${NO_REPORT_HINT}.` };
}
