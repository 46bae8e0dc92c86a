// Reads what a phone reports (Report_Rule): the flat-profile at any depth, each child element one parameter.
import { findElement, parseXml, XmlParseError, type XmlElement } from "../../lib/xml-parse.ts";
import type { ReportType } from "../../db/reports.ts";
import { normalizeMac } from "./mac.ts";

export const REPORT_SIZE_LIMIT = 2 * 1024 * 1024;

export class ReportError extends Error {}

export interface ParsedReport {
  mac: string;
  reportType: ReportType;
  params: Record<string, string>;
  xml: string;
}

const MAC_ELEMENTS = ["mac", "MAC", "macAddress", "Mac_Address", "MAC_Address", "mac_address"];

/**
 * Phones sometimes label raw XML as form data; a proxy may even have url-encoded it. Returns the XML text
 * or undefined when the body holds none.
 */
export function extractXml(body: string, contentType: string): string | undefined {
  const text = body.replace(/^\uFEFF/, "").trim();
  if (text.startsWith("<")) return text;
  if (!/application\/x-www-form-urlencoded/i.test(contentType)) return undefined;
  for (const [key, value] of new URLSearchParams(text)) {
    if (value.trim().startsWith("<")) return value.trim();
    if (key.trim().startsWith("<")) return (key + (value ? `=${value}` : "")).trim();
  }
  return undefined;
}

/** The report type from the phone's Report_Rule keywords (`--status`, `--delta`); a plain rule is a full config report. */
export function reportTypeOf(params: Record<string, string>): ReportType {
  const rule = params.Report_Rule ?? "";
  if (/(^|\s)--status\b/.test(rule)) return "status";
  if (/(^|\s)--delta\b/.test(rule)) return "delta";
  return "config";
}

function findMacElement(root: XmlElement): string | undefined {
  for (const name of MAC_ELEMENTS) {
    const el = findElement(root, name);
    const mac = el ? normalizeMac(el.text) : undefined;
    if (mac) return mac;
  }
  return undefined;
}

/** `urlMac` and `uaMac` are already normalised (or undefined). */
export function parseReport(body: string, contentType: string, urlMac: string | undefined, uaMac: string | undefined): ParsedReport {
  if (!body.trim()) throw new ReportError("The report is empty.");
  const xml = extractXml(body, contentType);
  if (!xml) throw new ReportError("The report is not XML.");
  let root: XmlElement;
  try {
    root = parseXml(xml, REPORT_SIZE_LIMIT);
  } catch (err) {
    throw new ReportError(err instanceof XmlParseError ? `${err.message}.` : "The report is not well-formed XML.");
  }
  const profile = findElement(root, "flat-profile");
  if (!profile) throw new ReportError("The report has no <flat-profile> element.");
  // A prototype-less object: a parameter named "__proto__" stays a plain key, and it is several times faster
  // to fill than Object.fromEntries for a 1,100-parameter report.
  const params: Record<string, string> = Object.create(null);
  for (const child of profile.children) params[child.local] = child.text.trim();
  const mac = urlMac ?? uaMac ?? findMacElement(root);
  if (!mac) throw new ReportError("MAC address required");
  return { mac, reportType: reportTypeOf(params), params, xml };
}
