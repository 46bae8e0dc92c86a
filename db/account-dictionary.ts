// An account's dictionary: free key → value settings (FlexiAPI 1.5).
import { nowIso, statements, type Db } from "./open.ts";

const q = statements((db) => ({
  all: db.prepare("SELECT key, value FROM account_dictionary_entries WHERE account_id = ? ORDER BY id"),
  one: db.prepare("SELECT value FROM account_dictionary_entries WHERE account_id = ? AND key = ?").pluck(),
  set: db.prepare(`INSERT INTO account_dictionary_entries (account_id, key, value, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (account_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
  remove: db.prepare("DELETE FROM account_dictionary_entries WHERE account_id = ? AND key = ?"),
  clear: db.prepare("DELETE FROM account_dictionary_entries WHERE account_id = ?"),
}));

export function dictionaryOf(db: Db, accountId: number): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const r of q(db).all.all(accountId) as { key: string; value: string }[]) out[r.key] = r.value;
  return out;
}

export const dictionaryEntry = (db: Db, accountId: number, key: string): string | undefined => q(db).one.get(accountId, key) as string | undefined;

export function setDictionaryEntry(db: Db, accountId: number, key: string, value: string): void {
  const now = nowIso();
  q(db).set.run(accountId, key, value, now, now);
}

export const deleteDictionaryEntry = (db: Db, accountId: number, key: string): boolean => q(db).remove.run(accountId, key).changes > 0;

/** The account's dictionary becomes exactly `entries` (one transaction). */
export function replaceDictionary(db: Db, accountId: number, entries: Record<string, string>): void {
  db.transaction(() => {
    q(db).clear.run(accountId);
    for (const [k, v] of Object.entries(entries)) setDictionaryEntry(db, accountId, k, v);
  })();
}
