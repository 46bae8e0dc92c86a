// Dialer suggestions: the first few directory entries a search finds, with the number to dial.
import type { ContactSource } from "../../db/contact-sources.ts";
import type { DirectorySearchCache } from "../../db/contact-search.ts";
import type { Db } from "../../db/open.ts";
import { contactName, dialableNumber, entryPage, searchFilter } from "./directory.ts";
import type { DialPlan } from "./normalize.ts";

export interface Suggestion {
  name: string;
  label: string;
  number: string;
  dial: string;
}

export const MAX_SUGGESTIONS = 10;

export function suggestContacts(db: Db, cache: DirectorySearchCache, sources: ContactSource[], text: string, plan: DialPlan): Suggestion[] {
  const filter = searchFilter(text, plan);
  if (!filter) return [];
  return entryPage(db, cache, sources, filter, { limit: MAX_SUGGESTIONS }).entries.map((e) => ({
    name: contactName(e) || e.number,
    label: e.label,
    number: e.number,
    dial: dialableNumber(e.number, plan),
  }));
}
