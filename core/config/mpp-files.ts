// The MPP service's config files (phones, common, schema, firmware, comparison, serviceconfig, monitoring),
// read so the Python service's folder works as is. Parameter files keep every value as written.
import { isIP } from "node:net";
import { lineOfKey, type ConfigProblem } from "../../lib/yaml.ts";
import { isNamePattern, type NamePatterns } from "../../lib/name-pattern.ts";
import { normalizeMac } from "../mpp/mac.ts";
import { secretParameters } from "../mpp/redact.ts";
import { parseKeys, parseLines, type KeySpec } from "./layer-files.ts";

export type UserAccess = "na" | "ro" | "rw";
export interface Param {
  value: string;
  ua?: UserAccess;
}
export type ParamMap = Map<string, Param>;

/** Keys of a phone entry that are Switchboard's own, not Cisco parameters. */
export const PHONE_SETTINGS = ["mac", "ip_address", "serial_number", "label", "devicename", "host", "username", "password", "account", "model", "group"] as const;
/** Phone keys that are lists: SIP accounts for lines 1, 2, … and programmable keys (core/mpp/phone-lines.ts). */
export const PHONE_LISTS = ["lines", "keys"] as const;
type PhoneSetting = (typeof PHONE_SETTINGS)[number];

export interface PhoneEntry extends Partial<Record<PhoneSetting, string>> {
  id: string;
  params: ParamMap;
  /** SIP addresses (user@domain) of lines 1, 2, …: `lines:`, or `account:` for line 1 alone. */
  lines?: string[];
  keys?: KeySpec[];
}

export interface SchemaConfig {
  params: Map<string, string>;
  /** Element path to the parameters, e.g. ["device", "flat-profile"]. */
  xmlPath: string[];
}

export interface FirmwareConfig {
  update_enabled: boolean;
  expected_version: string;
  upgrade_url: string;
  retry_delay: number;
  log_messages: { upgrade_request: string; upgrade_success: string; upgrade_failure: string };
  model_specific: { enabled: boolean; versions: Record<string, string>; urls: Record<string, string> };
}

export interface AuthUser {
  name: string;
  username: string;
  password: string;
  role: string;
}

export interface ServiceConfig {
  discovery: { enabled: boolean; exclude_macs: Set<string> };
  ip_whitelist: string[];
  auth: { enabled: boolean; users: AuthUser[] };
  monitoring: { metrics_enabled: boolean; phone_activity_window: number; report_activity_window: number };
  /**
   * retention: reports kept per phone. unknown_phones: all reports of phones not in phones.yml together (any
   * MAC may report in discovery mode), oldest evicted first.
   */
  reports: { retention: number; unknown_phones: { max_reports: number; max_megabytes: number } };
}

export const UNKNOWN_PHONE_REPORT_CAPS = { max_reports: 2000, max_megabytes: 200 };

export type Parsed<T> = { value: T; problems: ConfigProblem[]; warnings: string[] };

export const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function section(raw: unknown, key: string, file: string, problems: ConfigProblem[]): Record<string, unknown> {
  if (raw === undefined || raw === null || raw === "") return {};
  if (!isMap(raw)) {
    problems.push({ file, line: 1, message: "the file must be a map" });
    return {};
  }
  const s = raw[key];
  if (s === undefined || s === null || s === "") return {};
  if (!isMap(s)) {
    problems.push({ file, line: lineOfKey(String(raw.__source ?? ""), key), message: `"${key}" must be a map` });
    return {};
  }
  return s;
}

/** A parameter value: a scalar (kept as text) or {value, ua}. */
export function toParam(name: string, v: unknown, file: string, source: string, problems: ConfigProblem[]): Param | undefined {
  if (typeof v === "string") return { value: v };
  if (isMap(v) && "value" in v) {
    const ua = v.ua === undefined ? undefined : String(v.ua);
    if (ua !== undefined && ua !== "na" && ua !== "ro" && ua !== "rw") {
      problems.push({ file, line: lineOfKey(source, name), message: `${name}: ua must be na, ro or rw, got "${ua}"` });
      return undefined;
    }
    if (typeof v.value !== "string") {
      problems.push({ file, line: lineOfKey(source, name), message: `${name}: value must be a single value` });
      return undefined;
    }
    return { value: v.value, ua: ua as UserAccess | undefined };
  }
  problems.push({ file, line: lineOfKey(source, name), message: `${name}: a parameter must be a single value or {value, ua}` });
  return undefined;
}

export function parseCommon(raw: unknown, source: string, file = "common.yml"): Parsed<ParamMap> {
  const problems: ConfigProblem[] = [];
  const params: ParamMap = new Map();
  for (const [name, v] of Object.entries(section(raw, "common", file, problems))) {
    const p = toParam(name, v, file, source, problems);
    if (p) params.set(name, p);
  }
  return { value: params, problems, warnings: [] };
}

export function parsePhones(raw: unknown, source: string, file = "phones.yml"): Parsed<PhoneEntry[]> {
  const problems: ConfigProblem[] = [];
  const phones: PhoneEntry[] = [];
  const seenMacs = new Map<string, string>();
  for (const [id, entry] of Object.entries(section(raw, "phones", file, problems))) {
    // Looked up only for a problem: scanning phones.yml for each of 1,000 phones cost ~150 ms per (re)load.
    const line = () => lineOfKey(source, id);
    if (!isMap(entry)) {
      problems.push({ file, line: line(), message: `phone "${id}" must be a map of settings` });
      continue;
    }
    const phone: PhoneEntry = { id, params: new Map() };
    for (const [key, v] of Object.entries(entry)) {
      if (key === "lines") {
        phone.lines = parseLines(id, v, file, line(), problems);
        continue;
      }
      if (key === "keys") {
        phone.keys = parseKeys(id, v, file, line(), problems);
        continue;
      }
      if ((PHONE_SETTINGS as readonly string[]).includes(key)) {
        if (typeof v !== "string") problems.push({ file, line: lineOfKey(source, key) ?? line(), message: `phone "${id}": ${key} must be a single value` });
        else phone[key as PhoneSetting] = v.trim();
        continue;
      }
      const p = toParam(key, v, file, source, problems);
      if (p) phone.params.set(key, p);
    }
    // `account:` is line 1 of `lines:`, spelt for the common one-line phone.
    if (phone.account !== undefined) {
      if (phone.lines !== undefined) problems.push({ file, line: line(), message: `phone "${id}": give either account or lines, not both` });
      else phone.lines = parseLines(id, [phone.account], file, line(), problems);
    }
    if (phone.mac !== undefined) {
      const mac = normalizeMac(phone.mac);
      if (!mac) {
        problems.push({ file, line: line(), message: `phone "${id}": mac "${phone.mac}" is not a MAC address` });
        continue;
      }
      if (seenMacs.has(mac)) {
        problems.push({ file, line: line(), message: `phone "${id}": mac ${phone.mac} is already used by phone "${seenMacs.get(mac)}"` });
        continue;
      }
      seenMacs.set(mac, id);
      phone.mac = mac;
    }
    if (phone.ip_address && !isIP(phone.ip_address)) {
      problems.push({ file, line: line(), message: `phone "${id}": ip_address "${phone.ip_address}" is not an IP address` });
      continue;
    }
    phones.push(phone);
  }
  return { value: phones, problems, warnings: [] };
}

export function parseSchema(raw: unknown, source: string, file = "schema.yml"): Parsed<SchemaConfig> {
  const problems: ConfigProblem[] = [];
  const s = section(raw, "schema", file, problems);
  const params = new Map<string, string>();
  const flat = s.flat_profile_params;
  if (isMap(flat)) for (const [k, v] of Object.entries(flat)) params.set(k, typeof v === "string" ? v : "");
  else if (flat !== undefined && flat !== "") problems.push({ file, line: lineOfKey(source, "flat_profile_params"), message: "flat_profile_params must be a map" });
  const xmlPath = isMap(s.xml_structure) ? findParamsPath(s.xml_structure) : undefined;
  if (s.xml_structure !== undefined && !xmlPath) {
    problems.push({ file, line: lineOfKey(source, "xml_structure"), message: "xml_structure must nest element names down to 'DYNAMIC_PARAMS'" });
  }
  return { value: { params, xmlPath: xmlPath ?? ["device", "flat-profile"] }, problems, warnings: [] };
}

function findParamsPath(node: Record<string, unknown>): string[] | undefined {
  for (const [name, child] of Object.entries(node)) {
    if (child === "DYNAMIC_PARAMS") return [name];
    if (isMap(child)) {
      const rest = findParamsPath(child);
      if (rest) return [name, ...rest];
    }
  }
  return undefined;
}

const DEFAULT_FIRMWARE: FirmwareConfig = {
  update_enabled: false,
  expected_version: "",
  upgrade_url: "",
  retry_delay: 3600,
  log_messages: {
    upgrade_request: "$PN $MAC -- Requesting upgrade $SCHEME://$SERVIP:$PORT$PATH",
    upgrade_success: "$PN $MAC -- Successful upgrade $SCHEME://$SERVIP:$PORT$PATH -- $ERR",
    upgrade_failure: "$PN $MAC -- Upgrade failed: $ERR",
  },
  model_specific: { enabled: false, versions: {}, urls: {} },
};

export function parseFirmware(raw: unknown, source: string, file = "firmware.yml"): Parsed<FirmwareConfig> {
  const problems: ConfigProblem[] = [];
  const f = section(raw, "firmware", file, problems);
  const ms = isMap(f.model_specific) ? f.model_specific : {};
  const value: FirmwareConfig = {
    update_enabled: f.update_enabled === true,
    expected_version: f.expected_version == null ? "" : String(f.expected_version),
    upgrade_url: f.upgrade_url == null ? "" : String(f.upgrade_url),
    retry_delay: f.retry_delay == null ? DEFAULT_FIRMWARE.retry_delay : Number(f.retry_delay),
    log_messages: { ...DEFAULT_FIRMWARE.log_messages, ...stringMap(f.log_messages) },
    model_specific: { enabled: ms.enabled === true, versions: stringMap(ms.versions), urls: stringMap(ms.urls) },
  };
  if (!Number.isInteger(value.retry_delay) || value.retry_delay < 0) {
    problems.push({ file, line: lineOfKey(source, "retry_delay"), message: "retry_delay must be a whole number of seconds" });
  }
  if (value.update_enabled && (!value.expected_version || !value.upgrade_url)) {
    problems.push({ file, line: lineOfKey(source, "update_enabled"), message: "update_enabled needs expected_version and upgrade_url" });
  }
  return { value, problems, warnings: [] };
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isMap(v)) for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = String(x);
  return out;
}

/** Parameters the seed never compares (secrets and values the phone changes by itself). */
export const DEFAULT_COMPARISON_BLACKLIST = [
  "mac", "ip_address", "serial_number", "raw_xml", "Admin_Password", "User_Password", "Proxy_Password", "VPN_Password",
  "Mute_Tone", "Unmute_Tone", "Set_Local_Date__mm_dd_yyyy_", "Set_Local_Time__HH_mm_", "Login_Password", "SIP_Password",
  "XMPP_Password", "XML_Password", "LDAP_Password", "ACS_Password", "Connection_Request_Password", "BACKUP_ACS_Password",
  ...[1, 2, 3, 4].flatMap((n) => [`Auth_Page_Password_${n}_`, `Password_${n}_`, `Login_Password_${n}_`]),
];

export interface ComparisonConfig {
  /** Never compared. */
  blacklist: Set<string>;
  /** Never compared, and never shown: the default secret list plus `secret_parameters` (core/mpp/redact.ts). */
  secrets: NamePatterns;
}

export function parseComparison(raw: unknown, source: string, file = "comparison.yml"): Parsed<ComparisonConfig> {
  const problems: ConfigProblem[] = [];
  const c = section(raw, "comparison", file, problems);
  const blacklist = new Set(DEFAULT_COMPARISON_BLACKLIST);
  if (Array.isArray(c.blacklist)) for (const name of c.blacklist) blacklist.add(String(name));
  else if (c.blacklist != null) problems.push({ file, line: lineOfKey(source, "blacklist"), message: "blacklist must be a list of parameter names" });
  const extraSecrets: string[] = [];
  if (Array.isArray(c.secret_parameters)) {
    for (const entry of c.secret_parameters) {
      if (typeof entry === "string" && isNamePattern(entry)) extraSecrets.push(entry);
      else problems.push({ file, line: lineOfKey(source, "secret_parameters"), message: `secret_parameters: ${JSON.stringify(entry)} is not a parameter name or pattern (letters, digits, _ . : - and the wildcards * and ?)` });
    }
  } else if (c.secret_parameters != null) {
    problems.push({ file, line: lineOfKey(source, "secret_parameters"), message: "secret_parameters must be a list of parameter names or patterns" });
  }
  return { value: { blacklist, secrets: secretParameters(extraSecrets) }, problems, warnings: [] };
}

/** serviceconfig.yml, with monitoring.yml as the fallback for `monitoring` (the seed ships both). */
export function parseServiceConfig(raw: unknown, source: string, monitoringRaw: unknown, file = "serviceconfig.yml"): Parsed<ServiceConfig> {
  const problems: ConfigProblem[] = [];
  const warnings: string[] = [];
  const root = isMap(raw) ? raw : {};
  if (raw != null && raw !== "" && !isMap(raw)) problems.push({ file, line: 1, message: "the file must be a map" });
  const monitoring = isMap(root.monitoring) ? root.monitoring : isMap(monitoringRaw) && isMap(monitoringRaw.monitoring) ? monitoringRaw.monitoring : {};
  const discovery = isMap(root.discovery) ? root.discovery : {};
  const excludeMacs = new Set<string>();
  for (const m of Array.isArray(discovery.exclude_macs) ? discovery.exclude_macs : []) {
    const mac = normalizeMac(String(m));
    if (mac) excludeMacs.add(mac);
    else problems.push({ file, line: lineOfKey(source, "exclude_macs"), message: `discovery.exclude_macs: "${m}" is not a MAC address` });
  }
  const whitelist = Array.isArray(root.ip_whitelist) ? root.ip_whitelist.map(String) : [];
  if (root.ip_whitelist != null && !Array.isArray(root.ip_whitelist)) problems.push({ file, line: lineOfKey(source, "ip_whitelist"), message: "ip_whitelist must be a list" });
  const auth = isMap(root.auth) ? root.auth : {};
  const users: AuthUser[] = [];
  for (const [name, u] of Object.entries(isMap(auth.users) ? auth.users : {})) {
    if (!isMap(u) || u.password == null) {
      problems.push({ file, line: lineOfKey(source, name), message: `auth user "${name}" needs a username, password and role` });
      continue;
    }
    const role = String(u.role ?? "monitor");
    if (!["admin", "monitor", "user"].includes(role)) {
      problems.push({ file, line: lineOfKey(source, name), message: `auth user "${name}": role must be admin, monitor or user` });
      continue;
    }
    users.push({ name, username: String(u.username ?? name), password: String(u.password), role });
  }
  const reports = isMap(root.reports) ? root.reports : {};
  const retention = reports.retention == null ? 50 : Number(reports.retention);
  if (!Number.isInteger(retention) || retention < 1) problems.push({ file, line: lineOfKey(source, "retention"), message: "reports.retention must be a whole number ≥ 1" });
  const unknownPhones = { ...UNKNOWN_PHONE_REPORT_CAPS };
  const caps = isMap(reports.unknown_phones) ? reports.unknown_phones : {};
  for (const key of ["max_reports", "max_megabytes"] as const) {
    if (caps[key] == null) continue;
    const n = Number(caps[key]);
    if (Number.isInteger(n) && n >= 1) unknownPhones[key] = n;
    else problems.push({ file, line: lineOfKey(source, key), message: `reports.unknown_phones.${key} must be a whole number ≥ 1` });
  }
  return {
    value: {
      discovery: { enabled: discovery.enabled === true, exclude_macs: excludeMacs },
      ip_whitelist: whitelist,
      auth: { enabled: auth.enabled !== false, users },
      monitoring: {
        metrics_enabled: monitoring.metrics_enabled !== false,
        phone_activity_window: Number(monitoring.phone_activity_window ?? 3600),
        report_activity_window: Number(monitoring.report_activity_window ?? 1800),
      },
      reports: { retention: Number.isInteger(retention) && retention >= 1 ? retention : 50, unknown_phones: unknownPhones },
    },
    problems,
    warnings,
  };
}
