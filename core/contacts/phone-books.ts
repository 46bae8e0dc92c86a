// Keys in URLs (?key=K or key=K1,K2) name a contact source or a phone book of several sources.
// resolveKeys turns them into the source ids whose contacts to serve.
import { getSourceByKey, listSources } from "../../db/contacts.ts";
import type { Db } from "../../db/open.ts";
import { getPhoneBook, phoneBookSourceIds, savePhoneBook, type PhoneBook } from "../../db/phone-books.ts";
import { newSourceKey } from "./connect.ts";

/** Source ids for the given keys, without duplicates; unknown keys are skipped. */
export function resolveKeys(db: Db, keys: string[]): number[] {
  const ids = new Set<number>();
  for (const key of keys.map((k) => k.trim()).filter(Boolean)) {
    const source = getSourceByKey(db, key);
    if (source) ids.add(source.id);
    else for (const id of phoneBookSourceIds(db, key) ?? []) ids.add(id);
  }
  return [...ids];
}

export class PhoneBookError extends Error {}

/** Creates (no key) or updates a phone book from source keys; every key must name an existing source. */
export function savePhoneBookFromKeys(db: Db, p: { key?: string; label: string; sourceKeys: string[] }): PhoneBook {
  if (p.key && !getPhoneBook(db, p.key)) throw new PhoneBookError("There is no phone book with this key.");
  const label = p.label.trim();
  if (!label || label.length > 100) throw new PhoneBookError("A phone book's name is 1 to 100 characters.");
  const byKey = new Map(listSources(db).map((s) => [s.key, s.id]));
  const unknown = p.sourceKeys.filter((k) => !byKey.has(k));
  if (unknown.length) throw new PhoneBookError(`No contact source has the key ${unknown.join(", ")}.`);
  if (p.sourceKeys.length === 0) throw new PhoneBookError("Choose at least one contact source.");
  return savePhoneBook(db, { key: p.key ?? newSourceKey(), label, sourceIds: [...new Set(p.sourceKeys.map((k) => byKey.get(k)!))] });
}
