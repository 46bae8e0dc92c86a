// MAC addresses in the one form we store and compare: 12 lower-case hex digits.
import { Malformed } from "../../lib/errors.ts";

export function normalizeMac(input: string | undefined | null): string | undefined {
  if (!input) return undefined;
  const s = String(input).trim();
  const m = /^([0-9a-f]{2})[:.-]?([0-9a-f]{2})[:.-]?([0-9a-f]{2})[:.-]?([0-9a-f]{2})[:.-]?([0-9a-f]{2})[:.-]?([0-9a-f]{2})$/i.exec(s)
    ?? /^([0-9a-f]{4})\.([0-9a-f]{4})\.([0-9a-f]{4})$/i.exec(s);
  return m ? m.slice(1).join("").toLowerCase() : undefined;
}

/** "001122334455" → "00:11:22:33:44:55" for people. */
export function formatMac(mac: string): string {
  return mac.match(/../g)!.join(":");
}

/** A MAC someone typed or put in a URL; Malformed when it is none. */
export function requireMac(input: string): string {
  const mac = normalizeMac(input);
  if (!mac) throw new Malformed(`"${input.slice(0, 40)}" is not a MAC address.`);
  return mac;
}
