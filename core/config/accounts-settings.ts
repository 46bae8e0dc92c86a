// switchboard.yml `accounts:` — the SIP accounts (FlexiAPI-compatible API, DESIGN §5.4). Key names follow DESIGN §4.1
// and, where FlexiAPI has a setting for the same thing, FlexiAPI's meaning.
import type { ConfigProblem } from "../../lib/yaml.ts";

export interface AccountsSettings {
  /** The domain of new accounts (FlexiAPI app.sip_domain). */
  sip_domain: string;
  /** The Digest realm of every account; null → the account's own domain. */
  realm: string | null;
  /** What a username may look like (a JavaScript regular expression). */
  username_regex: string;
  /** Usernames nobody may take: exact names, or regular expressions found anywhere in the name. */
  blacklisted_usernames: string[];
  /** An API key not used for this long is deleted (by the timer and accounts:clear-api-keys). */
  api_key_expiration_minutes: number;
  /** Creating an account takes an unused external account (403 when none is left). */
  consume_external_account_on_create: boolean;
  /** No two accounts share an email address (FlexiAPI account_email_unique). */
  email_unique: boolean;
  /** Admins may create accounts in other domains than sip_domain (FlexiAPI admins_manage_multi_domains). */
  admins_manage_multi_domains: boolean;
  /** The self-service pages offer sign-up (/account/sign-up) with a creation request token (FlexiAPI public_registration). */
  public_registration: boolean;
  /** Linphone provisioning (/provisioning…, README "Linphone provisioning"). */
  provisioning: ProvisioningSettings;
}

export interface ProvisioningSettings {
  /** An INI file (path relative to the config folder) whose sections start every provisioning document. */
  rc_file: string | null;
  /** Every entry gets overwrite="true": the app replaces what its user changed (FlexiAPI provisioning_overwrite_all). */
  overwrite_all: boolean;
  /** Only answer requests that carry an x-linphone-provisioning header (400 otherwise). */
  require_header: boolean;
  /** The SIP proxy the account registers through, host[:port] or sip:host[:port]; null → the account's domain. */
  proxy: string | null;
  /** udp, tcp or tls for the proxy (reg_proxy …;transport=); null → the app's default. */
  transport: "udp" | "tcp" | "tls" | null;
}

export function defaultAccountsSettings(publicUrl: string): AccountsSettings {
  return {
    sip_domain: hostOf(publicUrl),
    realm: null,
    username_regex: "^[a-z0-9+_.-]*$",
    blacklisted_usernames: [],
    api_key_expiration_minutes: 60,
    consume_external_account_on_create: false,
    email_unique: false,
    admins_manage_multi_domains: false,
    public_registration: false,
    provisioning: { rc_file: null, overwrite_all: false, require_header: false, proxy: null, transport: null },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || "localhost";
  } catch {
    return "localhost";
  }
}

/** Checks (and normalises) the merged `accounts:` section; problems are pushed for the config error list. */
export function validateAccountsSettings(a: AccountsSettings, file: string, problems: ConfigProblem[]): void {
  const problem = (message: string) => problems.push({ file, message: `accounts.${message}` });
  a.sip_domain = String(a.sip_domain ?? "").trim().toLowerCase();
  if (!/^[a-z0-9.-]+(:\d+)?$/.test(a.sip_domain)) problem(`sip_domain must be a domain name, got ${JSON.stringify(a.sip_domain)}`);
  if (a.realm !== null) a.realm = String(a.realm);
  a.username_regex = String(a.username_regex ?? "");
  try {
    new RegExp(a.username_regex, "u");
  } catch (err) {
    problem(`username_regex is not a regular expression: ${(err as Error).message}`);
  }
  if (typeof (a.blacklisted_usernames as unknown) === "string") a.blacklisted_usernames = String(a.blacklisted_usernames).split(",");
  if (!Array.isArray(a.blacklisted_usernames)) problem("blacklisted_usernames must be a list of names or regular expressions");
  else a.blacklisted_usernames = a.blacklisted_usernames.map((n) => String(n).trim()).filter(Boolean);
  if (!(Number(a.api_key_expiration_minutes) >= 1)) problem("api_key_expiration_minutes must be a number of minutes ≥ 1");
  for (const k of ["consume_external_account_on_create", "email_unique", "admins_manage_multi_domains", "public_registration"] as const) {
    if (typeof a[k] !== "boolean") problem(`${k} must be true or false`);
  }
  validateProvisioning(a.provisioning, problem);
}

const PROXY = /^(sips?:)?([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/;
const TRANSPORTS = ["udp", "tcp", "tls"];

function validateProvisioning(p: ProvisioningSettings, problem: (message: string) => void): void {
  if (typeof p !== "object" || p === null || Array.isArray(p)) return problem("provisioning must be a map of settings");
  if (p.rc_file !== null && (typeof p.rc_file !== "string" || !p.rc_file.trim())) problem("provisioning.rc_file must be a file name (relative to the config folder) or null");
  for (const k of ["overwrite_all", "require_header"] as const) {
    if (typeof p[k] !== "boolean") problem(`provisioning.${k} must be true or false`);
  }
  if (p.proxy !== null && !PROXY.test(String(p.proxy))) problem(`provisioning.proxy must be host, host:port or sip:host:port, got ${JSON.stringify(p.proxy)}`);
  if (p.transport !== null) {
    p.transport = String(p.transport).toLowerCase() as ProvisioningSettings["transport"];
    if (!TRANSPORTS.includes(p.transport!)) problem(`provisioning.transport must be udp, tcp, tls or null, got ${JSON.stringify(p.transport)}`);
  }
}
