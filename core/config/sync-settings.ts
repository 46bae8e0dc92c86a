// switchboard.yml `sync:` — Contact Sync (DESIGN §5.5): SSO tokens, smart contacts, External Authentication.
// token_days, default_country and external_auth.url are DESIGN §4.1's names; the rest sits beside them.
import { isLoopbackHost } from "../../lib/listen-address.ts";
import type { ConfigProblem } from "../../lib/yaml.ts";

export interface SyncSettings {
  /** An SSO token is valid this many days after sign-in. */
  token_days: number;
  /** Country code numbers without one are taken to be in (smart contacts' E.164 matching). */
  default_country: string;
  external_auth: {
    /**
     * null: sign-in checks the local SIP accounts. Otherwise the External Authentication web service (https, or
     * http to this machine only) that gets `username, host, password, cloud_id` as a form.
     */
    url: string | null;
    /** How long to wait for the web service's answer. */
    timeout_seconds: number;
  };
}

export function defaultSyncSettings(): SyncSettings {
  return { token_days: 30, default_country: "49", external_auth: { url: null, timeout_seconds: 5 } };
}

/** Checks (and normalises) the merged `sync:` section; problems are pushed for the config error list. */
export function validateSyncSettings(s: SyncSettings, file: string, problems: ConfigProblem[]): void {
  const problem = (message: string) => problems.push({ file, message: `sync.${message}` });
  if (!(Number(s.token_days) >= 1)) problem("token_days must be a number of days ≥ 1");
  else s.token_days = Number(s.token_days);
  s.default_country = String(s.default_country ?? "").replace(/^\+/, "");
  if (!/^\d{1,3}$/.test(s.default_country)) problem(`default_country must be a country calling code (1 to 3 digits), got ${JSON.stringify(s.default_country)}`);
  if (typeof s.external_auth !== "object" || s.external_auth === null) {
    problem("external_auth must be a map: {url, timeout_seconds}");
    s.external_auth = defaultSyncSettings().external_auth;
    return;
  }
  const auth = s.external_auth;
  if (auth.url === undefined || auth.url === "") auth.url = null;
  if (auth.url !== null) {
    auth.url = String(auth.url);
    // The password travels in the form: over the network only encrypted.
    let url: URL | undefined;
    try {
      url = new URL(auth.url);
    } catch {
      url = undefined;
    }
    if (!url || !(url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname)))) {
      problem(`external_auth.url must be an https URL (http only to this machine), got ${JSON.stringify(auth.url)}`);
    }
  }
  const seconds = Number(auth.timeout_seconds);
  if (!(seconds > 0 && seconds <= 60)) problem("external_auth.timeout_seconds must be a number of seconds between 0 and 60");
  else auth.timeout_seconds = seconds;
}
