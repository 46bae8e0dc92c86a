// MAC addresses in the one form we store and compare: 12 lower-case hex digits.

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
