// switchboard.yml `tftp:` — profiles over TFTP for phones that DHCP option 66/150 sends to a plain address
// (README "Provisioning over TFTP"). enabled, host and port are DESIGN §4.1's names; the limits sit beside them.
// Read at start-up: a change takes effect when the server restarts (like PORT and HOST).
import { isIP } from "node:net";
import { DEFAULT_TFTP_LIMITS, type TftpLimits } from "../../lib/tftp-server.ts";
import type { ConfigProblem } from "../../lib/yaml.ts";

export interface TftpSettings {
  enabled: boolean;
  /** The address to listen on ("0.0.0.0": every IPv4 address, "::" every address). */
  host: string;
  /** 69 is TFTP's port (needs a privilege, see README); 0 lets the system pick one (tests). */
  port: number;
  /** Transfers at once. */
  max_transfers: number;
  /** Seconds to wait for a phone's ACK before sending again (unless the phone asks for its own timeout). */
  timeout_seconds: number;
  /** Times one packet is sent again before the transfer is given up. */
  retries: number;
}

export const defaultTftpSettings = (): TftpSettings => ({
  enabled: false,
  host: "0.0.0.0",
  port: 69,
  max_transfers: DEFAULT_TFTP_LIMITS.maxTransfers,
  timeout_seconds: DEFAULT_TFTP_LIMITS.timeoutMs / 1000,
  retries: DEFAULT_TFTP_LIMITS.retries,
});

/** The limits the TFTP server takes, from the settings. */
export function tftpLimits(s: TftpSettings): TftpLimits {
  return { ...DEFAULT_TFTP_LIMITS, maxTransfers: s.max_transfers, timeoutMs: s.timeout_seconds * 1000, retries: s.retries };
}

/** Checks (and normalises) the merged `tftp:` section; a wrong value is a problem and falls back to its default. */
export function validateTftpSettings(s: TftpSettings, file: string, problems: ConfigProblem[]): void {
  const defaults = defaultTftpSettings();
  const problem = (message: string) => problems.push({ file, message: `tftp.${message}` });
  if (typeof s.enabled !== "boolean") {
    problem(`enabled must be true or false, got ${JSON.stringify(s.enabled)}`);
    s.enabled = defaults.enabled;
  }
  if (typeof s.host !== "string" || !isIP(s.host)) {
    problem(`host must be an IP address to listen on ("0.0.0.0" for all), got ${JSON.stringify(s.host)}`);
    s.host = defaults.host;
  }
  const whole = (key: "port" | "max_transfers" | "timeout_seconds" | "retries", min: number, max: number) => {
    const n = Number(s[key]);
    if (typeof s[key] === "number" && Number.isInteger(n) && n >= min && n <= max) return;
    problem(`${key} must be a whole number from ${min} to ${max}, got ${JSON.stringify(s[key])}`);
    s[key] = defaults[key];
  };
  whole("port", 0, 65535);
  whole("max_transfers", 1, 10_000);
  // RFC 2349's range for the timeout option.
  whole("timeout_seconds", 1, 255);
  whole("retries", 0, 20);
}
