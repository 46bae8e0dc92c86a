// Phone numbers in the forms we compare and search by (names: lib/search-fold.ts).

export interface DialPlan {
  country_code: string; // "49"
  national_prefix: string; // "0"
  international_prefix: string; // "00"
  outside_line: string; // "" or e.g. "0"
}

export const DEFAULT_DIAL_PLAN: DialPlan = { country_code: "49", national_prefix: "0", international_prefix: "00", outside_line: "" };

/**
 * "+49 (0)160 1112223" → "+49 160 1112223" (and "0049 (0)30 …" alike). German and British address books write
 * the trunk prefix in brackets for callers inside the country, who dial 0160 …; after the country code it is never
 * dialled. A "(0)" in a number without a country code ("(0)30 1234") is the trunk prefix itself and stays.
 */
export function withoutTrunkPrefix(number: string, plan: DialPlan = DEFAULT_DIAL_PLAN): string {
  const at = number.indexOf("(0)");
  if (at < 0) return number;
  const before = number.slice(0, at);
  const digits = before.replace(/\D/g, "");
  const international = before.trimStart().startsWith("+")
    ? digits.length > 0
    : plan.international_prefix !== "" && digits.startsWith(plan.international_prefix) && digits.length > plan.international_prefix.length;
  return international ? `${before.trimEnd()} ${number.slice(at + 3).trimStart()}` : number;
}

/**
 * International digits without "+" (E.164 without the plus) so "+49 30 1234", "030 1234" and
 * "0049 30 1234" all become "49301234". Short internal extensions stay as their digits.
 */
export function normalizeNumber(number: string, plan: DialPlan = DEFAULT_DIAL_PLAN): string {
  const trimmed = withoutTrunkPrefix(number, plan).trim();
  const digits = trimmed.replace(/\D/g, "");
  if (!digits) return "";
  if (trimmed.startsWith("+")) return digits;
  if (plan.international_prefix && digits.startsWith(plan.international_prefix)) return digits.slice(plan.international_prefix.length);
  if (plan.national_prefix && digits.startsWith(plan.national_prefix) && digits.length > 4) {
    return plan.country_code + digits.slice(plan.national_prefix.length);
  }
  return digits;
}
