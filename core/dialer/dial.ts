// The browser dialer's server side: which phones can be dialled from, and CGI Execute "Dial:NUMBER" sent to a
// phone with its stored credentials (DESIGN §5.2), the phone's answer turned into plain words.
import { Conflict, Invalid, NotFound, UpstreamFailed } from "../../lib/errors.ts";
import { fetchText, FetchError } from "../../lib/fetch.ts";
import { parseXml } from "../../lib/xml-parse.ts";
import { ciscoExecuteDial } from "../cisco/objects.ts";
import type { Config } from "../config/store.ts";
import type { PhoneEntry } from "../config/mpp-files.ts";
import { dialableNumber } from "../contacts/directory.ts";
import { withoutTrunkPrefix } from "../contacts/normalize.ts";

export interface DialerPhone {
  id: string;
  label: string;
  devicename: string;
  /** Where the phone's web server is: host, else ip_address, else the device name (DNS). */
  host: string;
  /** True when Switchboard holds CGI credentials and dials itself; otherwise the browser posts to the phone. */
  can_dial: boolean;
}

const hostOf = (p: PhoneEntry): string => p.host || p.ip_address || p.devicename || "";

export function dialerPhones(config: Config): DialerPhone[] {
  return config.phones
    .filter((p) => p.devicename)
    .map((p) => ({ id: p.id, label: p.label || p.id, devicename: p.devicename!, host: hostOf(p), can_dial: Boolean(p.username && p.password && hostOf(p)) }));
}

const PHONE_ERRORS: Record<string, string> = {
  "1": "the phone could not parse the request (CiscoIPPhoneError 1)",
  "2": "the phone reported a framing error in the request (CiscoIPPhoneError 2)",
  "3": "the phone had an internal file error (CiscoIPPhoneError 3)",
  "4": "the phone rejected the credentials",
};

/**
 * What a typed number becomes on the phone: "+49 (0)30 …" without the bracketed trunk prefix, dial-plan rules for
 * +numbers, * and # kept for feature codes.
 */
export function numberToDial(typed: string, config: Config): string {
  const plan = config.switchboard.directory.dial;
  const compact = withoutTrunkPrefix(typed, plan).trim().replace(/[\s()/.-]/g, "");
  if (!/^\+?[\d*#]{1,40}$/.test(compact)) throw Invalid.field("number", "That is not a phone number: use digits, +, * or #.");
  return compact.startsWith("+") ? dialableNumber(compact, plan) : compact;
}

/** The phone's CGI answer → undefined on success, else the reason. */
export function cgiFailure(status: number, body: string): string | undefined {
  if (status === 401) return PHONE_ERRORS["4"];
  let root;
  try {
    root = parseXml(body, 64 * 1024);
  } catch {
    // Not XML at all (an HTML error page, a truncated answer).
    return status >= 200 && status < 300 ? "the phone sent an answer Switchboard does not understand" : `the phone answered HTTP ${status}`;
  }
  if (root.local === "CiscoIPPhoneError") return PHONE_ERRORS[root.attrs.Number ?? ""] ?? `the phone reported error ${root.attrs.Number ?? "(no number)"}`;
  if (root.local === "CiscoIPPhoneResponse") {
    const item = root.children.find((c) => c.local === "ResponseItem");
    const code = item?.attrs.Status ?? "0";
    return code === "0" ? undefined : `the phone answered status ${code}${item?.attrs.Data ? ` (${item.attrs.Data})` : ""}`;
  }
  return status >= 200 && status < 300 ? `the phone answered with ${root.local} instead of CiscoIPPhoneResponse` : `the phone answered HTTP ${status}`;
}

/** Sends Dial:NUMBER to the phone; resolves with what to tell the person, or throws why not (never a secret). */
export async function dial(config: Config, devicename: string, typed: string, ssl = false): Promise<{ number: string; message: string }> {
  const phone = config.phones.find((p) => p.devicename && p.devicename.toUpperCase() === devicename.trim().toUpperCase());
  if (!phone) throw new NotFound(`No phone with device name "${devicename.slice(0, 40)}" is configured in phones.yml.`);
  if (!phone.username || !phone.password) {
    throw new Conflict(`Switchboard has no CGI credentials for ${phone.label || phone.id}; use "Dial from the browser" or add username and password to phones.yml.`);
  }
  const number = numberToDial(typed, config);
  const url = `${ssl ? "https" : "http"}://${hostOf(phone)}/CGI/Execute`;
  let res;
  try {
    res = await fetchText(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Authorization: `Basic ${Buffer.from(`${phone.username}:${phone.password}`).toString("base64")}`,
      },
      body: new URLSearchParams({ XML: ciscoExecuteDial(number) }).toString(),
      timeoutMs: Math.max(1, config.switchboard.dialer.timeout_seconds) * 1000,
      maxBytes: 64 * 1024,
    });
  } catch (err) {
    if (err instanceof FetchError) throw new UpstreamFailed(`${phone.label || phone.id} did not take the call: ${err.message}.`);
    throw err;
  }
  const failure = cgiFailure(res.status, res.body);
  if (failure) throw new UpstreamFailed(`${phone.label || phone.id} did not dial: ${failure}.`);
  return { number, message: `${phone.label || phone.id} is dialling ${number}.` };
}
