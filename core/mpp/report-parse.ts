// Reads what a phone reports (Report_Rule): the flat-profile at any depth, each child element one parameter.
import { isUtf8 } from "node:buffer";
import { Malformed } from "../../lib/errors.ts";
import { localName, scanXml, XmlParseError } from "../../lib/xml-parse.ts";
import type { ReportType } from "../../db/reports.ts";
import { normalizeMac } from "./mac.ts";

export const REPORT_SIZE_LIMIT = 2 * 1024 * 1024;

export interface ParsedReport {
  mac: string;
  reportType: ReportType;
  /** In report order; a repeated name keeps its first place and its last value (as an object's keys would). */
  params: Map<string, string>;
  xml: string;
  /** Where `xml` starts in the body when it is the body itself (trimmed), not decoded from a form. */
  xmlAt?: number;
}

const MAC_ELEMENTS = ["mac", "MAC", "macAddress", "Mac_Address", "MAC_Address", "mac_address"];

/**
 * Phones sometimes label raw XML as form data; a proxy may even have url-encoded it. Returns the XML text
 * or undefined when the body holds none.
 */
export function extractXml(body: string, contentType: string): string | undefined {
  return locateXml(body, contentType)?.xml;
}

/** extractXml, with where the XML starts in the body when it is the body's own text. */
function locateXml(body: string, contentType: string): { xml: string; at?: number } | undefined {
  // trim() takes a byte order mark (U+FEFF) with the other leading white space.
  const text = body.trim();
  if (text.startsWith("<")) return { xml: text, at: body.length - body.trimStart().length };
  if (!/application\/x-www-form-urlencoded/i.test(contentType)) return undefined;
  for (const [key, value] of new URLSearchParams(text)) {
    if (value.trim().startsWith("<")) return { xml: value.trim() };
    if (key.trim().startsWith("<")) return { xml: (key + (value ? `=${value}` : "")).trim() };
  }
  return undefined;
}

/** The report type from the phone's Report_Rule keywords (`--status`, `--delta`); a plain rule is a full config report. */
export function reportTypeOf(rule = ""): ReportType {
  if (/(^|\s)--status\b/.test(rule)) return "status";
  if (/(^|\s)--delta\b/.test(rule)) return "delta";
  return "config";
}

/**
 * One pass over the report, no element tree (a 1,100-parameter report is read several times faster): the
 * first <flat-profile> in document order, at any depth, gives one parameter per direct child (its own text,
 * trimmed; a repeated name keeps the last value); the first element of each MAC element name gives its text.
 */
function scanReport(xml: string): { params: Map<string, string> | undefined; macTexts: Map<string, string> } {
  // A Map, not an object: "__proto__" is a plain name, and a name needs no interning as an object key would
  // (for 1,100 parameters V8 keeps an object as a slow dictionary; the Map is several times faster to fill).
  const params = new Map<string, string>();
  const macTexts = new Map<string, string>();
  // Indexed by depth, for the open elements only: their local names and own text so far, and which of them
  // is the first element of a MAC element name. Entries above `depth` are stale, never read.
  const names: string[] = [];
  const texts: string[] = [];
  const macClaims: (string | undefined)[] = [];
  const claimed = new Set<string>();
  let depth = 0;
  let profileDepth = 0; // depth of the flat-profile being read; 0 before it, -1 after it
  scanXml(xml, REPORT_SIZE_LIMIT, {
    open(name, _attributes, at) {
      depth = at;
      const local = localName(name);
      names[depth] = local;
      texts[depth] = "";
      let claim: string | undefined;
      if (MAC_ELEMENTS.includes(local) && !claimed.has(local)) claimed.add((claim = local));
      macClaims[depth] = claim;
      if (profileDepth === 0 && local === "flat-profile") profileDepth = depth;
    },
    text(value) {
      // The flat-profile's own text (the line ends between its parameters) is never read: not kept.
      if (depth !== profileDepth) texts[depth] += value;
    },
    close(at) {
      depth = at - 1;
      const claim = macClaims[at];
      if (claim !== undefined) macTexts.set(claim, texts[at]);
      if (at === profileDepth + 1 && profileDepth > 0) params.set(names[at], texts[at].trim());
      else if (at === profileDepth) profileDepth = -1;
    },
  });
  return { params: profileDepth === 0 ? undefined : params, macTexts };
}

/** The first MAC element name (in MAC_ELEMENTS order) whose first element holds a valid MAC. */
function macFrom(texts: Map<string, string>): string | undefined {
  for (const name of MAC_ELEMENTS) {
    const text = texts.get(name);
    const mac = text !== undefined ? normalizeMac(text) : undefined;
    if (mac) return mac;
  }
  return undefined;
}

/**
 * A parsed report ready for db/reports.ts addReport: parameters as JSON text and the XML, both as UTF-8 bytes, so
 * they travel from the worker and into SQLite without becoming strings on the main thread's heap.
 */
export interface StorableReport {
  mac: string;
  reportType: ReportType;
  paramsJson: Uint8Array;
  paramCount: number;
  xml: Uint8Array;
}

const utf8 = new TextEncoder();

/**
 * Reads a report from the bytes it arrived as. Its XML is stored as those bytes (a view of `body`) when they are
 * the XML itself and valid UTF-8; otherwise (a form-encoded body, invalid UTF-8 read with U+FFFD) as the decoded text.
 */
export function readReport(body: Uint8Array, contentType: string, urlMac: string | undefined, uaMac: string | undefined): StorableReport {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const text = bytes.toString("utf8");
  const r = parseReport(text, contentType, urlMac, uaMac);
  let xml: Uint8Array;
  if (r.xmlAt !== undefined && isUtf8(bytes)) {
    const start = Buffer.byteLength(text.slice(0, r.xmlAt));
    xml = body.subarray(start, start + Buffer.byteLength(r.xml));
  } else {
    xml = utf8.encode(r.xml);
  }
  return { mac: r.mac, reportType: r.reportType, paramsJson: utf8.encode(paramsJson(r.params)), paramCount: r.params.size, xml };
}

// What JSON.stringify would escape in a string: quote, backslash, control characters, lone surrogates.
const NEEDS_ESCAPE = /["\\\x00-\x1F\uD800-\uDFFF]/;

/**
 * The parameters as one JSON object, in report order: the text JSON.stringify(Object.fromEntries(params)) gives,
 * at half its cost. Names are XML names, which never hold a character JSON escapes, so only values are looked
 * at; and one string grown piece by piece is flattened once, by the encoder, where joining an array of members
 * cost twice as much.
 */
export function paramsJson(params: Map<string, string>): string {
  let json = "{";
  for (const [name, value] of params) {
    json += `${json.length > 1 ? "," : ""}"${name}":${NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`}`;
  }
  return `${json}}`;
}

/** `urlMac` and `uaMac` are already normalised (or undefined). */
export function parseReport(body: string, contentType: string, urlMac: string | undefined, uaMac: string | undefined): ParsedReport {
  if (!body.trim()) throw new Malformed("The report is empty.");
  const located = locateXml(body, contentType);
  if (!located) throw new Malformed("The report is not XML.");
  const { xml, at } = located;
  let scanned: ReturnType<typeof scanReport>;
  try {
    scanned = scanReport(xml);
  } catch (err) {
    throw new Malformed(err instanceof XmlParseError ? `${err.message}.` : "The report is not well-formed XML.");
  }
  const { params, macTexts } = scanned;
  if (!params) throw new Malformed("The report has no <flat-profile> element.");
  const mac = urlMac ?? uaMac ?? macFrom(macTexts);
  if (!mac) throw new Malformed("MAC address required");
  return { mac, reportType: reportTypeOf(params.get("Report_Rule")), params, xml, xmlAt: at };
}
