// An account's dictionary as admins edit it entry by entry (FlexiAPI 1.5's AccountDictionaryController): free
// key → value settings, shown in the account's JSON as `dictionary`.
import { deleteDictionaryEntry, dictionaryEntry, dictionaryOf, setDictionaryEntry } from "../../db/account-dictionary.ts";
import type { Db } from "../../db/open.ts";
import { Invalid, NotFound } from "../../lib/errors.ts";
import { requireAccount } from "./manage.ts";
import { FieldErrors, numberAsText, requiredString } from "./rules.ts";

const MAX_KEY = 255;

export const dictionaryOfAccount = (db: Db, id: string): Record<string, string> => dictionaryOf(db, requireAccount(db, id).id);

/** One entry as FlexiAPI shows it: `{value}`. */
export function dictionaryValue(db: Db, id: string, key: string): { value: string } {
  const value = dictionaryEntry(db, requireAccount(db, id).id, key);
  if (value === undefined) throw new NotFound("The account's dictionary has no such key.");
  return { value };
}

/** POST {value}: sets the entry, new or not. A JSON number is taken as its text, as PHP would. */
export function setDictionaryValue(db: Db, id: string, key: string, body: Record<string, unknown>): { value: string } {
  const account = requireAccount(db, id);
  if (key.length > MAX_KEY) throw Invalid.field("key", `The key must not be greater than ${MAX_KEY} characters.`);
  const errors = new FieldErrors();
  const value = requiredString({ value: numberAsText(body.value) }, "value", errors);
  errors.check();
  setDictionaryEntry(db, account.id, key, value!);
  return { value: value! };
}

export function deleteDictionaryValue(db: Db, id: string, key: string): void {
  if (!deleteDictionaryEntry(db, requireAccount(db, id).id, key)) throw new NotFound("The account's dictionary has no such key.");
}
