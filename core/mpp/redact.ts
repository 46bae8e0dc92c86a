// Secrets a phone reports or common.yml holds (SIP and admin passwords, Wi-Fi passphrases, profile keys) never
// reach pages, JSON, exports, comparisons or logs (DESIGN §6). The list is explicit: parameter names below plus
// comparison.yml `comparison.secret_parameters`, and two kinds of secret inside any value.
import { NamePatterns } from "../../lib/name-pattern.ts";
import { maskUrlPasswords, SECRET_MASK } from "../../lib/url-password.ts";
import { REPORT_SIZE_LIMIT } from "./report-parse.ts";
import { escapeXml } from "../../lib/xml.ts";
import { rewriteElementContents, XmlParseError } from "../../lib/xml-parse.ts";

export const REDACTED = SECRET_MASK;

/**
 * Parameters whose whole value is secret (`*`: any run of characters, `?`: one; case ignored). README
 * "Secrets" lists them with examples; a setting that merely mentions a password (Preferred_Password_Input_Mode)
 * is hidden too, which costs a comparison, not a secret.
 */
export const DEFAULT_SECRET_PARAMETERS: readonly string[] = [
  "*Password*", // Admin_Password, User_Password, Password_1_, Auth_Page_Password_1_, LDAP_Password, Wi-Fi_Password_1_ …
  "*Passwd*",
  "*Secret*", // shared secrets
  "*Passphrase*", // Wi-Fi PSK passphrases: PSK_Passphrase_1_ …
  "WEP_Key*", // Wi-Fi WEP keys
  "GPP_*", // general purpose parameters GPP_A … GPP_P, GPP_SA … GPP_SD: where profile keys (--key $A) are kept
];

/** The secret parameter names: the defaults plus comparison.yml's additions (which cannot remove a default). */
export function secretParameters(extra: readonly string[] = []): NamePatterns {
  return new NamePatterns([...DEFAULT_SECRET_PARAMETERS, ...extra]);
}

/**
 * Secrets inside any value: the key of a rule's `--key <key>` option (Profile_Rule, Upgrade_Rule, Report_Rule…,
 * quoted or not) and the password of a URL's `user:password@`. One pass per option, so linear in the value.
 */
export function maskSecretsInValue(value: string): string {
  return maskUrlPasswords(maskKeyOptions(value), REDACTED);
}

function maskKeyOptions(value: string): string {
  let out = "";
  let copied = 0;
  const n = value.length;
  const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\r" || c === "\n";
  for (let i = value.indexOf("--"); i >= 0; i = value.indexOf("--", i + 2)) {
    if (value.slice(i + 2, i + 5).toLowerCase() !== "key" || !isSpace(value[i + 5])) continue;
    let j = i + 5;
    while (isSpace(value[j])) j++;
    const start = j;
    if (value[j] === '"') {
      const close = value.indexOf('"', j + 1);
      j = close < 0 ? n : close + 1;
    } else {
      while (j < n && !isSpace(value[j]) && value[j] !== "]") j++;
    }
    if (j > start) {
      out += value.slice(copied, start) + REDACTED;
      copied = j;
    }
    i = j - 2;
  }
  return copied === 0 ? value : out + value.slice(copied);
}

/** A parameter's value as it may be shown: blanked when the name is secret, masked inside otherwise. */
export function shownValue(secrets: NamePatterns, name: string, value: string): string {
  if (secrets.has(name)) return value === "" ? "" : REDACTED;
  return maskSecretsInValue(value);
}

export function redactParams(secrets: NamePatterns, params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, shownValue(secrets, k, v)]));
}

/** What an admin sees instead of raw XML that does not parse: its secrets could not be found. */
export const UNREADABLE_XML = "(The raw XML is not shown: it is not well-formed XML, so its secrets cannot be masked.)";

/**
 * Raw report XML with every secret masked, found from the parsed document (not by pattern over the text): a
 * secret element's whole content — text, CDATA, comments, child elements — becomes REDACTED; in other leaf
 * elements a `--key` or URL password is masked. Everything else stays as the phone sent it.
 */
export function redactXml(secrets: NamePatterns, xml: string): string {
  try {
    return rewriteElementContents(xml, REPORT_SIZE_LIMIT, (el) => {
      if (secrets.has(el.local)) return el.raw().trim() === "" ? undefined : REDACTED;
      if (el.hasChildren) return undefined;
      const masked = maskSecretsInValue(el.text);
      return masked === el.text ? undefined : escapeXml(masked);
    });
  } catch (err) {
    if (err instanceof XmlParseError) return UNREADABLE_XML;
    throw err;
  }
}
