// Builds the stored form of a contact from what a provider gave: numbers normalized with the dial plan,
// names folded for search. Every provider maps through here so they all store the same shape.
import type { StoredContact, StoredNumber } from "../../db/contacts.ts";
import { foldForSearch, normalizeNumber, type DialPlan } from "./normalize.ts";

export type ContactDraft = Partial<Omit<StoredContact, "numbers" | "search_name">> & {
  external_id: string;
  numbers: { type: string; label: string; number: string }[];
};

export const TYPE_LABELS: Record<string, string> = {
  mobile: "Mobile", work: "Work", home: "Home", fax_work: "Fax", fax_home: "Fax (home)", pager: "Pager", other: "Other",
};

export function buildContact(d: ContactDraft, plan: DialPlan): StoredContact {
  const given = (d.given_name ?? "").trim();
  const family = (d.family_name ?? "").trim();
  const company = (d.company ?? "").trim();
  const emails = (d.emails ?? []).filter((e) => e.address);
  const display = (d.display_name ?? "").trim() || [given, family].filter(Boolean).join(" ") || company || emails[0]?.address || "";
  const numbers: StoredNumber[] = [];
  for (const n of d.numbers) {
    const number = String(n.number ?? "").trim();
    if (!number) continue;
    numbers.push({ type: n.type, label: n.label, number, normalized: normalizeNumber(number, plan) });
  }
  return {
    external_id: d.external_id,
    display_name: display,
    given_name: given,
    family_name: family,
    company,
    emails,
    addresses: d.addresses ?? [],
    birthday: d.birthday ?? null,
    note: d.note ?? "",
    search_name: searchName(display, [given, family, company]),
    modified_at: d.modified_at ?? null,
    numbers,
  };
}

/**
 * The folded name the directory sorts and searches by: the display name, then the given and family names and
 * the company where the display name does not already hold them (a Graph contact's display name is usually
 * "Given Family", and the sort key should not read "anna muller anna muller").
 */
function searchName(display: string, others: string[]): string {
  const shown = foldForSearch(display);
  const extra = others.map(foldForSearch).filter((o) => o && !` ${shown} `.includes(` ${o} `));
  return [shown, ...extra].filter(Boolean).join(" ");
}
