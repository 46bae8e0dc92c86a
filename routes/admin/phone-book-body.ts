// Shared by the phone-book endpoints: validating and saving a {label, sources} body, and the JSON view.
import type { App } from "../../core/app.ts";
import { PhoneBookInputError, savePhoneBookFromKeys } from "../../core/contacts/phone-books.ts";
import type { PhoneBook } from "../../db/phone-books.ts";
import { HttpError } from "../../lib/http.ts";

export function save(app: App, key: string | undefined, body: Partial<{ label: string; sources: string[] }>) {
  const sources = Array.isArray(body.sources) ? body.sources.filter((k): k is string => typeof k === "string") : [];
  try {
    return savePhoneBookFromKeys(app.db, { key, label: typeof body.label === "string" ? body.label : "", sourceKeys: sources });
  } catch (err) {
    if (err instanceof PhoneBookInputError) throw new HttpError(/no phone book/i.test(err.message) ? 404 : 422, err.message);
    throw err;
  }
}

export const view = (b: PhoneBook) => ({ key: b.key, label: b.label, sources: b.source_keys, created_at: b.created_at });
