// External Authentication (Acrobits' SSO flow): a web service that says whether SIP credentials are valid. We
// POST the form fields username, host, password and cloud_id; a 2xx answer means valid, anything else (another
// status, a redirect, a body that is neither JSON nor XML) means invalid. The answer lists the identity's verified
// phone numbers: JSON `{"verified_numbers": […]}` or `{"phoneNumbers": […]}`, or XML with `<number>`,
// `<phoneNumber>` or `<verified_number>` elements at any depth.
import { UpstreamFailed } from "../../lib/errors.ts";
import { FetchError, fetchText } from "../../lib/fetch.ts";
import { log } from "../../lib/log.ts";
import { parseXml, XmlParseError, type XmlElement } from "../../lib/xml-parse.ts";
import type { SyncSettings } from "../config/sync-settings.ts";

/** An answer carries a few numbers, not a document: anything larger is not an answer of this service. */
const MAX_ANSWER_BYTES = 64 * 1024;
export const MAX_VERIFIED_NUMBERS = 20;
const JSON_KEYS = ["verified_numbers", "phoneNumbers"];
const XML_NAMES = new Set(["number", "phoneNumber", "verified_number"]);

export interface ExternalCredentials {
  username: string;
  host: string;
  password: string;
  cloud_id: string;
}

/** The verified numbers when the service accepts the credentials; undefined when it refuses them. */
export async function checkExternally(settings: SyncSettings["external_auth"], c: ExternalCredentials): Promise<string[] | undefined> {
  const url = settings.url!;
  let answer;
  try {
    answer = await fetchText(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json, application/xml;q=0.9, text/xml;q=0.9" },
      body: new URLSearchParams({ username: c.username, host: c.host, password: c.password, cloud_id: c.cloud_id }).toString(),
      // A redirect would carry the password elsewhere; it is an answer like any other non-2xx.
      redirect: "manual",
      timeoutMs: settings.timeout_seconds * 1000,
      maxBytes: MAX_ANSWER_BYTES,
    });
  } catch (err) {
    if (!(err instanceof FetchError)) throw err;
    if (err.kind === "too_large") return undefined;
    log.warn(`external authentication failed: ${err.message}`);
    throw new UpstreamFailed("The sign-in service could not be reached; try again later.");
  }
  if (answer.status < 200 || answer.status > 299) return undefined;
  return verifiedNumbersOf(answer.body, answer.headers.get("content-type") ?? "");
}

/** The numbers of a 2xx answer; undefined when the body is neither JSON nor XML. An empty body lists none. */
export function verifiedNumbersOf(body: string, contentType: string): string[] | undefined {
  const text = body.trim();
  if (!text) return [];
  let found: unknown[] | undefined;
  if (/json/i.test(contentType) || /^[[{]/.test(text)) found = fromJson(text);
  else if (/xml/i.test(contentType) || text.startsWith("<")) found = fromXml(text);
  if (!found) return undefined;
  const numbers = found.filter((n) => typeof n === "string" || typeof n === "number").map((n) => String(n).trim().slice(0, 64)).filter(Boolean);
  return [...new Set(numbers)].slice(0, MAX_VERIFIED_NUMBERS);
}

function fromJson(text: string): unknown[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (Array.isArray(value)) return value;
  if (typeof value !== "object" || value === null) return undefined;
  const list = JSON_KEYS.map((k) => (value as Record<string, unknown>)[k]).find(Array.isArray);
  return list ?? [];
}

function fromXml(text: string): unknown[] | undefined {
  let root: XmlElement;
  try {
    root = parseXml(text, MAX_ANSWER_BYTES);
  } catch (err) {
    if (err instanceof XmlParseError) return undefined;
    throw err;
  }
  // Walked with a list, not recursion: a hostile answer may nest thousands of elements deep.
  const numbers: string[] = [];
  const pending = [root];
  for (let el = pending.pop(); el; el = pending.pop()) {
    if (XML_NAMES.has(el.local) && el.children.length === 0) numbers.push(el.text);
    for (let i = el.children.length - 1; i >= 0; i--) pending.push(el.children[i]);
  }
  return numbers;
}
