// A key in a URL (?key=K or key=K1,K2) names a contact source or a phone book of several sources.
import { getSourceById, getSourceByKey, listSources, type ContactSource } from "../../db/contact-sources.ts";
import type { Db } from "../../db/open.ts";
import { getPhoneBook, phoneBookSourceIds, savePhoneBook, type PhoneBook } from "../../db/phone-books.ts";
import { Invalid, NotFound } from "../../lib/errors.ts";
import { newSourceKey } from "./connect.ts";

/** The sources a key names: the source with that key, or a phone book's sources; undefined when unknown. */
export function sourcesOfKey(db: Db, key: string): ContactSource[] | undefined {
  const source = getSourceByKey(db, key);
  if (source) return [source];
  return phoneBookSourceIds(db, key)?.map((id) => getSourceById(db, id)).filter((s): s is ContactSource => s !== undefined);
}

/** What pages and JSON show of a phone book. */
export const phoneBookView = (b: PhoneBook) => ({ key: b.key, label: b.label, sources: b.source_keys, created_at: b.created_at });

/**
 * Creates (no key) or updates a phone book from a request body {label, sources: [source keys]}; every key
 * must name an existing source.
 */
export function savePhoneBookFromKeys(db: Db, key: string | undefined, body: Record<string, unknown>): PhoneBook {
  if (key && !getPhoneBook(db, key)) throw new NotFound("There is no phone book with this key.");
  const label = typeof body.label === "string" ? body.label.trim() : "";
  const sourceKeys = Array.isArray(body.sources) ? body.sources.filter((k): k is string => typeof k === "string") : [];
  if (!label || label.length > 100) throw Invalid.field("label", "A phone book's name is 1 to 100 characters.");
  const byKey = new Map(listSources(db).map((s) => [s.key, s.id]));
  const unknown = sourceKeys.filter((k) => !byKey.has(k));
  if (unknown.length) throw Invalid.field("sources", `No contact source has the key ${unknown.join(", ")}.`);
  if (sourceKeys.length === 0) throw Invalid.field("sources", "Choose at least one contact source.");
  return savePhoneBook(db, { key: key ?? newSourceKey(), label, sourceIds: [...new Set(sourceKeys.map((k) => byKey.get(k)!))] });
}
