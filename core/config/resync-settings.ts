// switchboard.yml `resync:` — remote resync and reboot of phones (README "Remote resync and reboot"). DESIGN §4.1
// names `concurrency` and `ami`; the per-phone timeout sits beside them. `ami.secret` is never shown (the
// /status and dashboard pages show no settings; logs name the host only).
import type { ConfigProblem } from "../../lib/yaml.ts";

/** An Asterisk manager (AMI) connection for SIP NOTIFY check-sync (PJSIPNotify). */
export interface AmiSettings {
  host: string;
  port: number;
  username: string;
  secret: string;
}

export interface ResyncSettings {
  /** Phones asked at once by a bulk resync or reboot. */
  concurrency: number;
  /** How long one phone (or the AMI) may take to answer. */
  timeout_seconds: number;
  /** null: no SIP NOTIFY transport, only the phones' direct action URLs. */
  ami: AmiSettings | null;
}

export const defaultResyncSettings = (): ResyncSettings => ({ concurrency: 8, timeout_seconds: 5, ami: null });

/** Checks (and normalises) the merged `resync:` section; a wrong value is a problem and falls back to its default. */
export function validateResyncSettings(s: ResyncSettings, file: string, problems: ConfigProblem[]): void {
  const defaults = defaultResyncSettings();
  const problem = (message: string) => problems.push({ file, message: `resync.${message}` });
  const whole = (key: "concurrency" | "timeout_seconds", min: number, max: number) => {
    const n = s[key];
    if (typeof n === "number" && Number.isInteger(n) && n >= min && n <= max) return;
    problem(`${key} must be a whole number from ${min} to ${max}, got ${JSON.stringify(n)}`);
    s[key] = defaults[key];
  };
  whole("concurrency", 1, 64);
  whole("timeout_seconds", 1, 60);
  if (s.ami === null || s.ami === undefined) {
    s.ami = null;
    return;
  }
  const ami = s.ami as Partial<AmiSettings> | string;
  const text = (v: unknown) => typeof v === "string" && v.trim() !== "";
  if (typeof ami === "object" && !Array.isArray(ami)) ami.port ??= 5038;
  if (typeof ami !== "object" || Array.isArray(ami) || !text(ami.host) || !text(ami.username) || typeof ami.secret !== "string"
    || !Number.isInteger(ami.port) || ami.port! < 1 || ami.port! > 65535) {
    problem("ami must be null or {host, port (5038), username, secret}: SIP NOTIFY is off until it is");
    s.ami = null;
  }
}
