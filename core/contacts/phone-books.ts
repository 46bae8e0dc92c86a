// A key in a URL (?key=K or key=K1,K2) names a contact source or a phone book of several sources.
import { getSourceById, getSourceByKey, listSources, type ContactSource } from "../../db/contacts.ts";
import type { Db } from "../../db/open.ts";
import { getPhoneBook, phoneBookSourceIds, savePhoneBook, type PhoneBook } from "../../db/phone-books.ts";
import { newSourceKey } from "./connect.ts";

/** The sources a key names: the source with that key, or a phone book's sources; undefined when unknown. */
export function sourcesOfKey(db: Db, key: string): ContactSource[] | undefined {
  const source = getSourceByKey(db, key);
  if (source) return [source];
  return phoneBookSourceIds(db, key)?.map((id) => getSourceById(db, id)).filter((s): s is ContactSource => s !== undefined);
}

/** A phone book the admin asked for cannot be saved as given. */
export class PhoneBookInputError extends Error {}

/** Creates (no key) or updates a phone book from source keys; every key must name an existing source. */
export function savePhoneBookFromKeys(db: Db, p: { key?: string; label: string; sourceKeys: string[] }): PhoneBook {
  if (p.key && !getPhoneBook(db, p.key)) throw new PhoneBookInputError("There is no phone book with this key.");
  const label = p.label.trim();
  if (!label || label.length > 100) throw new PhoneBookInputError("A phone book's name is 1 to 100 characters.");
  const byKey = new Map(listSources(db).map((s) => [s.key, s.id]));
  const unknown = p.sourceKeys.filter((k) => !byKey.has(k));
  if (unknown.length) throw new PhoneBookInputError(`No contact source has the key ${unknown.join(", ")}.`);
  if (p.sourceKeys.length === 0) throw new PhoneBookInputError("Choose at least one contact source.");
  return savePhoneBook(db, { key: p.key ?? newSourceKey(), label, sourceIds: [...new Set(p.sourceKeys.map((k) => byKey.get(k)!))] });
}
