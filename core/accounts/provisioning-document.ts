// The Linphone provisioning document (DESIGN §5.4, FlexiAPI's ProvisioningController): sections of entries, written
// as <config xmlns="http://www.linphone.org/xsds/lpconfig.xsd"><section name=…><entry name=…>value</entry>…
// Linphone reads each section into its config as if it were a [section] of its linphonerc.
import type { PasswordAlgorithm, StoredPassword } from "../../db/accounts.ts";
import type { ExternalAccount } from "../../db/external-accounts.ts";
import type { IniSection } from "../../lib/ini.ts";
import { XmlWriter } from "../../lib/xml.ts";
import type { ProvisioningSettings } from "../config/accounts-settings.ts";
import type { HookAccount, HookEntries, HookRequest, ProvisioningHooks } from "./provisioning-hooks.ts";

export const LPCONFIG_NAMESPACE = "http://www.linphone.org/xsds/lpconfig.xsd";
/** The idkey of an external account's proxy, which the account's own proxy depends_on (FlexiAPI 1.3). */
const EXTERNAL_IDKEY = "external_account";

/** Sections in order, each an ordered map of entries; setting a name again replaces its value in place. */
export class ProvisioningDocument {
  private readonly sections = new Map<string, Map<string, string>>();

  set(section: string, name: string, value: string | number | boolean): void {
    let entries = this.sections.get(section);
    if (!entries) this.sections.set(section, (entries = new Map()));
    entries.set(name, typeof value === "boolean" ? (value ? "1" : "0") : String(value));
  }

  setAll(section: string, entries: HookEntries | Map<string, string> | undefined | void): void {
    if (!this.sections.has(section)) this.sections.set(section, new Map());
    if (!entries) return;
    for (const [name, value] of entries instanceof Map ? entries : Object.entries(entries)) this.set(section, name, value);
  }

  /** With `overwrite`, every entry says overwrite="true": the app replaces what its user changed. */
  toXml(overwrite: boolean): string {
    const w = new XmlWriter().start("config", { xmlns: LPCONFIG_NAMESPACE }).newline();
    for (const [section, entries] of this.sections) {
      w.start("section", { name: section });
      for (const [name, value] of entries) w.element("entry", value, { name, overwrite: overwrite ? "true" : undefined });
      w.end().newline();
    }
    return w.end().newline().toString();
  }
}

/** What one document is made of; `account` absent for GET /provisioning. */
export interface ProvisioningInput {
  settings: ProvisioningSettings;
  rc: IniSection[];
  /** <public_url>/contacts/vcard: where the app fetches the account's contacts. */
  vcardListUrl: string;
  hooks: ProvisioningHooks;
  request: HookRequest;
  account?: {
    view: HookAccount;
    realm: string;
    passwords: StoredPassword[];
    external?: ExternalAccount;
  };
}

/**
 * The document: the rc file's sections first; misc/contacts-vcard-list; the account's proxy_0 and one auth_info_M
 * per password, added to the rc file's sections of the same name when it has them (so [proxy_0] there holds
 * defaults for the account); an external account as proxy_1 with its own auth_info; the hooks' sections last.
 */
export function renderProvisioning(input: ProvisioningInput): string {
  const doc = new ProvisioningDocument();
  for (const section of input.rc) doc.setAll(section.name, section.entries);
  doc.set("misc", "contacts-vcard-list", input.vcardListUrl);
  const { account, hooks, request } = input;
  if (account) {
    const a = account.view;
    const proxy = "proxy_0";
    doc.set(proxy, "reg_identity", identity(a.display_name, a.username, a.domain));
    doc.set(proxy, "reg_sendregister", 1);
    doc.set(proxy, "refkey", "push_notification");
    const route = proxyRoute(input.settings, a.domain);
    if (route) {
      doc.set(proxy, "reg_proxy", route);
      doc.set(proxy, "reg_route", route);
    }
    doc.setAll(proxy, hooks.run("proxyEntries", a, request));
    if (account.external) doc.set(proxy, "depends_on", EXTERNAL_IDKEY);
    let authIndex = 0;
    for (const p of account.passwords) {
      const section = `auth_info_${authIndex++}`;
      addAuthInfo(doc, section, { username: a.username, domain: a.domain, realm: account.realm, ...p });
      doc.setAll(section, hooks.run("authInfoEntries", a, { algorithm: p.algorithm }, request));
    }
    const ext = account.external;
    if (ext) {
      doc.set("proxy_1", "reg_identity", identity(null, ext.username, ext.domain));
      doc.set("proxy_1", "reg_sendregister", 1);
      doc.set("proxy_1", "refkey", "push_notification");
      doc.set("proxy_1", "idkey", EXTERNAL_IDKEY);
      addAuthInfo(doc, `auth_info_${authIndex}`, { username: ext.username, domain: ext.domain, realm: ext.domain, algorithm: ext.algorithm, hash: ext.password });
    }
  }
  const extra = hooks.run("extraSections", account?.view, request);
  for (const [section, entries] of Object.entries(extra ?? {})) doc.setAll(section, entries);
  return doc.toXml(input.settings.overwrite_all);
}

/**
 * One credential. A Digest hash goes as ha1 with its algorithm; a clear password (CLRTXT, from seeding or an
 * external account) as passwd, which is what Linphone takes for one (as ha1 it would be hashed as a hash).
 */
function addAuthInfo(doc: ProvisioningDocument, section: string, c: { username: string; domain: string; realm: string; algorithm: PasswordAlgorithm; hash: string }): void {
  doc.set(section, "username", c.username);
  doc.set(section, "domain", c.domain);
  if (c.algorithm === "CLRTXT") doc.set(section, "passwd", c.hash);
  else doc.set(section, "ha1", c.hash);
  doc.set(section, "realm", c.realm);
  if (c.algorithm !== "CLRTXT") doc.set(section, "algorithm", c.algorithm);
}

/** `"Display Name" <sip:user@domain>`: the name as a SIP quoted-string (RFC 3261 §25.1), the user part escaped. */
export function identity(displayName: string | null, username: string, domain: string): string {
  const address = `<sip:${sipUser(username)}@${domain}>`;
  // Line breaks and other controls cannot be in a quoted-string; \ and " are escaped with a backslash.
  const name = (displayName ?? "").replace(/[\u0000-\u001F\u007F]/g, " ").trim().replace(/[\\"]/g, (c) => `\\${c}`);
  return name ? `"${name}" ${address}` : address;
}

/** RFC 3261's user part: unreserved and user-unreserved characters as they are, anything else %-escaped. */
function sipUser(username: string): string {
  return username.replace(/[^A-Za-z0-9\-_.!~*'()&=+$,;?/]/gu, (c) => [...Buffer.from(c, "utf8")].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join(""));
}

/** reg_proxy (and reg_route) from accounts.provisioning.proxy and .transport: `<sip:host[:port];transport=tls>`. */
function proxyRoute(s: ProvisioningSettings, domain: string): string | undefined {
  if (s.proxy === null && s.transport === null) return undefined;
  const host = (s.proxy ?? domain).replace(/^sips?:/i, "");
  const scheme = s.proxy?.toLowerCase().startsWith("sips:") ? "sips" : "sip";
  return `<${scheme}:${host}${s.transport ? `;transport=${s.transport}` : ""}>`;
}
