// switchboard.yml: everything Switchboard adds beyond the MPP service's files. Key names are fixed by DESIGN §4.1.
import { httpUrl, lanAddress, listensOnAllAddresses } from "../../lib/listen-address.ts";
import { AddressList } from "../../lib/ip.ts";
import type { ConfigProblem } from "../../lib/yaml.ts";
import { PHONE_LANGUAGES, type PhoneLanguage } from "../cisco/phone-texts.ts";
import { defaultAcrobitsSettings, validateAcrobitsSettings, type AcrobitsSettings } from "./acrobits-settings.ts";
import { defaultAccountsSettings, validateAccountsSettings, type AccountsSettings } from "./accounts-settings.ts";
import { defaultInstanceSettings, validateInstanceSettings, type InstanceSettings } from "./instance-settings.ts";
import { defaultMessagesSettings, validateMessagesSettings, type MessagesSettings } from "./messages-settings.ts";
import { defaultPushSettings, validatePushSettings, type PushSettings } from "./push-settings.ts";
import {
  defaultConfirmationSettings, defaultMailSettings, defaultSmsSettings, validateConfirmationSettings, validateMailSettings, validateSmsSettings,
  type ConfirmationSettings, type MailSettings, type SmsSettings,
} from "./confirmation-settings.ts";
import { defaultResyncSettings, validateResyncSettings, type ResyncSettings } from "./resync-settings.ts";
import { defaultSyncSettings, validateSyncSettings, type SyncSettings } from "./sync-settings.ts";
import { defaultTftpSettings, validateTftpSettings, type TftpSettings } from "./tftp-settings.ts";
import { defaultTlsSettings, validateTlsSettings, type TlsSettings } from "./tls-settings.ts";

export interface ProviderConfig {
  client_id: string;
  client_secret: string;
  tenant?: string;
  authorize_url: string;
  token_url: string;
  api_url: string;
  userinfo_url?: string;
  scope?: string;
}

export interface SwitchboardConfig {
  name: string;
  public_url: string;
  /** True when switchboard.yml sets no public_url and it was derived from where the server listens. */
  public_url_derived: boolean;
  trusted_proxies: string[];
  contacts: {
    sync_interval_minutes: number;
    /** How long one request to a provider (token endpoint, API page, FRITZ!Box phone book) may take. */
    timeout_seconds: number;
    providers: { microsoft: ProviderConfig; sipgate: ProviderConfig };
    fritzbox: { name: string; url: string }[];
    /** Loopback, link-local or own addresses that phone book URLs may reach all the same (addresses, CIDR ranges). */
    fritzbox_allowed_addresses: string[];
  };
  directory: {
    default_keys: string[];
    /** What the phones show: the directory's words and messages (core/cisco/phone-texts.ts). */
    language: PhoneLanguage;
    dial: { country_code: string; national_prefix: string; international_prefix: string; outside_line: string };
  };
  dialer: { timeout_seconds: number };
  accounts: AccountsSettings;
  push: PushSettings;
  messages: MessagesSettings;
  instance: InstanceSettings;
  mail: MailSettings;
  sms: SmsSettings;
  confirmation: ConfirmationSettings;
  sync: SyncSettings;
  acrobits: AcrobitsSettings;
  tftp: TftpSettings;
  tls: TlsSettings;
  resync: ResyncSettings;
}

/** Where the server listens: HOST and PORT (the port it actually got when PORT=0). */
export interface ListenAddress {
  host?: string;
  port?: number;
}

/**
 * public_url when switchboard.yml sets none: the address the server listens on, or — listening on all
 * addresses — this machine's LAN address, so the links handed to phones work on the office network.
 */
export function derivedPublicUrl({ host, port = 8080 }: ListenAddress): string {
  return httpUrl(listensOnAllAddresses(host) ? (lanAddress() ?? "localhost") : host!, port);
}

export function defaultSwitchboardConfig(listen: ListenAddress = {}): SwitchboardConfig {
  return {
    name: "Switchboard",
    public_url: derivedPublicUrl(listen),
    public_url_derived: true,
    trusted_proxies: [],
    contacts: {
      sync_interval_minutes: 15,
      timeout_seconds: 30,
      providers: {
        microsoft: {
          client_id: "", client_secret: "", tenant: "common",
          authorize_url: "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize",
          token_url: "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token",
          api_url: "https://graph.microsoft.com/v1.0",
        },
        sipgate: {
          client_id: "", client_secret: "",
          authorize_url: "https://login.sipgate.com/auth/realms/third-party/protocol/openid-connect/auth",
          token_url: "https://login.sipgate.com/auth/realms/third-party/protocol/openid-connect/token",
          api_url: "https://api.sipgate.com/v2",
        },
      },
      fritzbox: [],
      fritzbox_allowed_addresses: [],
    },
    directory: { default_keys: [], language: "en", dial: { country_code: "49", national_prefix: "0", international_prefix: "00", outside_line: "" } },
    dialer: { timeout_seconds: 5 },
    // Not the derived public_url: a SIP domain must not change with the machine's network interfaces.
    accounts: defaultAccountsSettings("http://localhost"),
    push: defaultPushSettings(),
    messages: defaultMessagesSettings(),
    instance: defaultInstanceSettings(),
    mail: defaultMailSettings(),
    sms: defaultSmsSettings(),
    confirmation: defaultConfirmationSettings(),
    sync: defaultSyncSettings(),
    acrobits: defaultAcrobitsSettings(),
    tftp: defaultTftpSettings(),
    tls: defaultTlsSettings(),
    resync: defaultResyncSettings(),
  };
}

/** Deep-merges `over` onto `base` (maps merge, everything else replaces). */
export function deepMerge<T>(base: T, over: unknown): T {
  if (!isMap(base) || !isMap(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? deepMerge(out[k], v) : v;
  return out as T;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The sections whose own validator does not check that they are maps (the others say it in their own words). */
const UNCHECKED_SECTIONS = ["contacts", "contacts.providers", "contacts.providers.microsoft", "contacts.providers.sipgate", "directory", "directory.dial", "dialer", "accounts"];

/**
 * A section the defaults hold as a map (`contacts`, `directory.dial`…) that the file sets to something else
 * (`contacts: yes`, a mistyped indent) is a problem naming the section, and the defaults stay, so the checks
 * below read maps instead of failing with a TypeError that names no setting.
 */
function keepSectionsMaps(defaults: object, config: object, prefix: string, file: string, problems: ConfigProblem[]): void {
  const given = config as Record<string, unknown>;
  for (const [name, value] of Object.entries(defaults)) {
    const path = prefix + name;
    if (!isMap(value) || !UNCHECKED_SECTIONS.includes(path)) continue;
    if (!isMap(given[name])) {
      problems.push({ file, message: `${path} must be a map of settings` });
      given[name] = value;
    } else keepSectionsMaps(value, given[name], `${path}.`, file, problems);
  }
}

export function validateSwitchboard(raw: unknown, file: string, listen: ListenAddress = {}): { config: SwitchboardConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  if (raw !== null && raw !== undefined && !isMap(raw)) {
    return { config: defaultSwitchboardConfig(listen), problems: [{ file, message: "the file must be a map of settings" }] };
  }
  const defaults = defaultSwitchboardConfig(listen);
  // `public_url: ""` (as the example ships) or null means "not set": keep the derived one.
  const { public_url: given, ...rest } = isMap(raw) ? raw : {};
  const setsPublicUrl = given !== undefined && given !== null && given !== "";
  // The SIP domain defaults to public_url's host, once public_url is known.
  if (typeof given === "string" && setsPublicUrl) defaults.accounts = defaultAccountsSettings(given);
  const config = deepMerge(defaults, setsPublicUrl ? { ...rest, public_url: given } : rest);
  keepSectionsMaps(defaults, config, "", file, problems);
  config.public_url_derived = !setsPublicUrl;
  try {
    const u = new URL(config.public_url);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error();
    config.public_url = config.public_url.replace(/\/+$/, "");
  } catch {
    problems.push({ file, message: `public_url must be an http(s) URL, got ${JSON.stringify(config.public_url)}` });
  }
  if (!Array.isArray(config.trusted_proxies)) problems.push({ file, message: "trusted_proxies must be a list of addresses" });
  const allowed = config.contacts.fritzbox_allowed_addresses;
  if (!Array.isArray(allowed)) {
    problems.push({ file, message: "contacts.fritzbox_allowed_addresses must be a list of addresses or CIDR ranges" });
    config.contacts.fritzbox_allowed_addresses = [];
  } else {
    for (const entry of new AddressList(allowed.map(String)).invalid) problems.push({ file, message: `contacts.fritzbox_allowed_addresses: "${entry}" is not an address or CIDR range` });
  }
  if (!Array.isArray(config.directory.default_keys)) problems.push({ file, message: "directory.default_keys must be a list of keys" });
  const language = config.directory.language;
  if (typeof language === "string") config.directory.language = language.trim().toLowerCase() as PhoneLanguage;
  if (!PHONE_LANGUAGES.includes(config.directory.language)) {
    problems.push({ file, message: `directory.language must be one of ${PHONE_LANGUAGES.join(", ")} (got ${JSON.stringify(language)})` });
  }
  const minutes = Number(config.contacts.sync_interval_minutes);
  if (!(minutes >= 1)) problems.push({ file, message: "contacts.sync_interval_minutes must be a number of minutes ≥ 1" });
  const timeout = Number(config.contacts.timeout_seconds);
  if (!(timeout >= 1 && timeout <= 600)) problems.push({ file, message: "contacts.timeout_seconds must be a number of seconds from 1 to 600" });
  else config.contacts.timeout_seconds = timeout;
  for (const k of ["country_code", "national_prefix", "international_prefix", "outside_line"] as const) {
    config.directory.dial[k] = String(config.directory.dial[k] ?? "");
    if (!/^\d*$/.test(config.directory.dial[k])) problems.push({ file, message: `directory.dial.${k} must be digits` });
  }
  validateAccountsSettings(config.accounts, file, problems);
  // `push: null` in the file would replace the defaults with nothing.
  const section = (name: "push" | "messages" | "instance"): boolean => {
    if (isMap(config[name])) return true;
    problems.push({ file, message: `${name} must be a map of settings` });
    return false;
  };
  if (section("push")) validatePushSettings(config.push, file, problems);
  if (section("messages")) validateMessagesSettings(config.messages, file, problems);
  if (section("instance")) validateInstanceSettings(config.instance, file, problems);
  config.mail = validateMailSettings(config.mail, file, problems);
  config.sms = validateSmsSettings(config.sms, file, problems);
  config.confirmation = validateConfirmationSettings(config.confirmation, file, problems);
  if (!isMap(config.sync)) {
    problems.push({ file, message: "sync must be a map of settings" });
    config.sync = defaultSyncSettings();
  }
  validateSyncSettings(config.sync, file, problems);
  if (!isMap(config.acrobits)) {
    problems.push({ file, message: "acrobits must be a map of settings" });
    config.acrobits = defaultAcrobitsSettings();
  }
  validateAcrobitsSettings(config.acrobits, file, problems);
  if (!isMap(config.tftp)) {
    problems.push({ file, message: "tftp must be a map of settings: {enabled, host, port}" });
    config.tftp = defaultTftpSettings();
  }
  validateTftpSettings(config.tftp, file, problems);
  if (!isMap(config.tls)) {
    problems.push({ file, message: "tls must be a map of settings: {port, cert, key, client_ca}" });
    config.tls = defaultTlsSettings();
  }
  validateTlsSettings(config.tls, file, problems);
  if (!isMap(config.resync)) {
    problems.push({ file, message: "resync must be a map of settings: {concurrency, timeout_seconds, ami}" });
    config.resync = defaultResyncSettings();
  }
  validateResyncSettings(config.resync, file, problems);
  return { config, problems };
}
