// switchboard.yml: everything Switchboard adds beyond the MPP service's files. Key names are fixed by DESIGN §4.1.
import { AddressList } from "../../lib/ip.ts";
import type { ConfigProblem } from "../../lib/yaml.ts";
import { defaultAccountsSettings, validateAccountsSettings, type AccountsSettings } from "./accounts-settings.ts";
import { defaultInstanceSettings, validateInstanceSettings, type InstanceSettings } from "./instance-settings.ts";
import { defaultMessagesSettings, validateMessagesSettings, type MessagesSettings } from "./messages-settings.ts";
import { defaultPushSettings, validatePushSettings, type PushSettings } from "./push-settings.ts";
import {
  defaultConfirmationSettings, defaultMailSettings, defaultSmsSettings, validateConfirmationSettings, validateMailSettings, validateSmsSettings,
  type ConfirmationSettings, type MailSettings, type SmsSettings,
} from "./confirmation-settings.ts";
import { defaultSyncSettings, validateSyncSettings, type SyncSettings } from "./sync-settings.ts";

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
  trusted_proxies: string[];
  contacts: {
    sync_interval_minutes: number;
    providers: { microsoft: ProviderConfig; sipgate: ProviderConfig };
    fritzbox: { name: string; url: string }[];
    /** Loopback, link-local or own addresses that phone book URLs may reach all the same (addresses, CIDR ranges). */
    fritzbox_allowed_addresses: string[];
  };
  directory: {
    default_keys: string[];
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
}

export function defaultSwitchboardConfig(port = 8080): SwitchboardConfig {
  return {
    name: "Switchboard",
    public_url: `http://localhost:${port}`,
    trusted_proxies: [],
    contacts: {
      sync_interval_minutes: 15,
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
    directory: { default_keys: [], dial: { country_code: "49", national_prefix: "0", international_prefix: "00", outside_line: "" } },
    dialer: { timeout_seconds: 5 },
    accounts: defaultAccountsSettings(`http://localhost:${port}`),
    push: defaultPushSettings(),
    messages: defaultMessagesSettings(),
    instance: defaultInstanceSettings(),
    mail: defaultMailSettings(),
    sms: defaultSmsSettings(),
    confirmation: defaultConfirmationSettings(),
    sync: defaultSyncSettings(),
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

export function validateSwitchboard(raw: unknown, file: string, port?: number): { config: SwitchboardConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  if (raw !== null && raw !== undefined && !isMap(raw)) {
    return { config: defaultSwitchboardConfig(port), problems: [{ file, message: "the file must be a map of settings" }] };
  }
  const defaults = defaultSwitchboardConfig(port);
  // The SIP domain defaults to public_url's host, once public_url is known.
  if (isMap(raw) && typeof raw.public_url === "string") defaults.accounts = defaultAccountsSettings(raw.public_url);
  const config = deepMerge(defaults, raw ?? {});
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
  const minutes = Number(config.contacts.sync_interval_minutes);
  if (!(minutes >= 1)) problems.push({ file, message: "contacts.sync_interval_minutes must be a number of minutes ≥ 1" });
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
  return { config, problems };
}
