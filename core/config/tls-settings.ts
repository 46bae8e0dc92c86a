// switchboard.yml `tls:` — the HTTPS listener beside HTTP (DESIGN §4.1 fixes the four key names). With client_ca,
// phones are proven by their manufacturer certificate (MIC) and each is served only its own profile.
import { resolve } from "node:path";
import type { ConfigProblem } from "../../lib/yaml.ts";

export interface TlsSettings {
  /** null: no HTTPS listener. 0 picks a free port (tests). */
  port: number | null;
  /** PEM files, relative to the config folder; cert may hold the chain after the server's certificate. */
  cert: string | null;
  key: string | null;
  /** PEM bundle of the CAs that sign phones' certificates (Cisco's); null: no client certificate is asked for. */
  client_ca: string | null;
  /**
   * With client_ca: a phone's own profile (its passwords) only over HTTPS to that phone, proven by its
   * certificate. Plain HTTP then serves the bootstrap profile and firmware upgrades only.
   */
  profiles_only_to_proven_phones: boolean;
}

export function defaultTlsSettings(): TlsSettings {
  return { port: null, cert: null, key: null, client_ca: null, profiles_only_to_proven_phones: false };
}

/** Checks (and normalises) the merged `tls:` section; problems are pushed for the config error list. */
export function validateTlsSettings(s: TlsSettings, file: string, problems: ConfigProblem[]): void {
  const problem = (message: string) => problems.push({ file, message: `tls.${message}` });
  for (const k of ["cert", "key", "client_ca"] as const) {
    const v = s[k] as unknown;
    if (v === undefined || v === null || v === "") s[k] = null;
    else if (typeof v !== "string") problem(`${k} must be the path of a PEM file (relative to the config folder)`);
  }
  if (typeof s.profiles_only_to_proven_phones !== "boolean") problem("profiles_only_to_proven_phones must be true or false");
  else if (s.profiles_only_to_proven_phones && s.client_ca === null) problem("profiles_only_to_proven_phones needs client_ca: without it no phone can prove itself");
  const port = s.port as unknown;
  if (port === undefined || port === null || port === "") {
    s.port = null;
    return;
  }
  if (!(Number.isInteger(Number(port)) && Number(port) >= 0 && Number(port) <= 65535)) problem(`port must be a port number from 0 to 65535, or null (no HTTPS), got ${JSON.stringify(port)}`);
  else s.port = Number(port);
  if (s.cert === null || s.key === null) problem("port is set: cert and key must name the server's certificate and private key (PEM files)");
}

/** The files of an HTTPS listener, as absolute paths (relative ones are in the config folder). */
export interface TlsFiles {
  cert: string;
  key: string;
  ca?: string;
}

/** What the HTTPS listener reads; undefined when `tls.port` is not set. */
export function tlsFiles(s: TlsSettings, configDir: string): TlsFiles | undefined {
  if (s.port === null || s.cert === null || s.key === null) return undefined;
  return { cert: resolve(configDir, s.cert), key: resolve(configDir, s.key), ca: s.client_ca === null ? undefined : resolve(configDir, s.client_ca) };
}
