// Builds the stored form of a contact from what a provider gave: numbers normalized with the dial plan,
// names folded for search. Every provider maps through here so they all store the same shape.
import type { StoredContact, StoredNumber } from "../../db/contacts.ts";
import { searchText } from "../../lib/search-fold.ts";
import { normalizeNumber, type DialPlan } from "./normalize.ts";

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
    // db/open.ts gives migrations the same function, so stored contacts can be brought up to date.
    search_name: searchText([display, given, family, company]),
    modified_at: d.modified_at ?? null,
    numbers,
  };
}
