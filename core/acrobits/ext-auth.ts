// Switchboard as Acrobits' External Authentication web service (README "Acrobits web services"): the Acrobits SSO
// server asks whether SIP credentials are valid, with the fixed parameters username, host, password and cloud_id,
// and wants the account's verified phone numbers back. The local SIP accounts decide — the same check (and the same
// sign-in limits) as POST /sso/token — whatever sync.external_auth says: this server is the one asked.
import type { Db } from "../../db/open.ts";
import type { SignInLimiter } from "../../lib/basic-auth.ts";
import { Invalid } from "../../lib/errors.ts";
import { XmlWriter } from "../../lib/xml.ts";
import type { SwitchboardConfig } from "../config/switchboard.ts";
import { checkLocally, limitedSignIn, splitUsername } from "../sync/sso.ts";

export interface ExtAuthAnswer {
  /** The account's verified numbers (its phone; its username when that is a number in international form). */
  phoneNumbers: string[];
  /** Where the account is reached. */
  sipUri: string;
}

const MAX = { username: 255, host: 255, password: 1024, cloud_id: 255 };

/** The credentials' answer; 401 when they are wrong, 429 when too many were, 422 when a parameter is missing. */
export async function externalAuthentication(db: Db, config: SwitchboardConfig, failures: SignInLimiter, params: URLSearchParams, clientIp: string): Promise<ExtAuthAnswer> {
  const p = parameters(params);
  // The SSO server sends the user part and the domain apart; a username written user@host is taken too, and
  // without a host the username is one of accounts.sip_domain.
  const { user, host } = splitUsername(p.username, p.host.toLowerCase() || config.accounts.sip_domain);
  const sipAddress = `${user}@${host}`;
  const phoneNumbers = await limitedSignIn(failures, clientIp, sipAddress, () => checkLocally(db, config.accounts, user, host, p.password));
  return { phoneNumbers, sipUri: `sip:${sipAddress}` };
}

function parameters(params: URLSearchParams): Record<keyof typeof MAX, string> {
  const errors: Record<string, string[]> = {};
  const value = (name: keyof typeof MAX, required: boolean): string => {
    const v = params.get(name) ?? "";
    if (required && !v) errors[name] = [`The ${name} is required.`];
    else if (v.length > MAX[name]) errors[name] = [`The ${name} must not be longer than ${MAX[name]} characters.`];
    return v;
  };
  // cloud_id names the app asking; the SIP account alone decides, so it is checked for size only.
  const p = { username: value("username", true).trim(), host: value("host", false).trim(), password: value("password", true), cloud_id: value("cloud_id", false) };
  if (Object.keys(errors).length) throw new Invalid(Object.values(errors)[0][0], errors);
  return p;
}

/** application/xml, Acrobits' default: `<response><phoneNumbers><phoneNumber>…</phoneNumber>…</phoneNumbers><sipUri>…`. */
export function extAuthXml(a: ExtAuthAnswer): string {
  const w = new XmlWriter().start("response").start("phoneNumbers");
  for (const n of a.phoneNumbers) w.element("phoneNumber", n);
  return w.end().element("sipUri", a.sipUri).end().newline().toString();
}

/** What the caller's Accept header asks for: JSON when it names JSON before (or without) XML, else XML. */
export function wantsJson(accept: string | undefined): boolean {
  const types = (accept ?? "").slice(0, 512).split(",").map((t) => t.split(";")[0].trim().toLowerCase());
  const json = types.findIndex((t) => t === "application/json" || t.endsWith("+json"));
  const xml = types.findIndex((t) => t === "application/xml" || t === "text/xml" || t.endsWith("+xml"));
  return json >= 0 && (xml < 0 || json < xml);
}
