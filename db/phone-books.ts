// Phone books: a key that stands for several contact sources together.
import { nowIso, statements, type Db } from "./open.ts";

export interface PhoneBook {
  id: number;
  key: string;
  label: string;
  created_at: string;
  updated_at: string;
  /** The keys of its sources, in the order they were added. */
  source_keys: string[];
}

const q = statements((db) => ({
  insert: db.prepare("INSERT INTO phone_books (key, label, created_at, updated_at) VALUES (?, ?, ?, ?)"),
  update: db.prepare("UPDATE phone_books SET label = ?, updated_at = ? WHERE id = ?"),
  byKey: db.prepare("SELECT * FROM phone_books WHERE key = ?"),
  all: db.prepare("SELECT * FROM phone_books ORDER BY label COLLATE NOCASE, id"),
  remove: db.prepare("DELETE FROM phone_books WHERE id = ?"),
  clearSources: db.prepare("DELETE FROM phone_book_sources WHERE phone_book_id = ?"),
  addSource: db.prepare("INSERT OR IGNORE INTO phone_book_sources (phone_book_id, source_id) VALUES (?, ?)"),
  sourceKeys: db.prepare(`SELECT s.key FROM phone_book_sources b JOIN contact_sources s ON s.id = b.source_id
    WHERE b.phone_book_id = ? ORDER BY b.rowid`).pluck(),
  sourceIds: db.prepare("SELECT source_id FROM phone_book_sources WHERE phone_book_id = ? ORDER BY rowid").pluck(),
}));

type Row = Omit<PhoneBook, "source_keys">;
const withSources = (db: Db, row: Row): PhoneBook => ({ ...row, source_keys: q(db).sourceKeys.all(row.id) as string[] });

export function getPhoneBook(db: Db, key: string): PhoneBook | undefined {
  const row = q(db).byKey.get(key) as Row | undefined;
  return row && withSources(db, row);
}

export function listPhoneBooks(db: Db): PhoneBook[] {
  return (q(db).all.all() as Row[]).map((r) => withSources(db, r));
}

/** Creates or updates (by key) a phone book with exactly these sources, in one transaction. */
export function savePhoneBook(db: Db, p: { key: string; label: string; sourceIds: number[] }): PhoneBook {
  db.transaction(() => {
    const s = q(db);
    const now = nowIso();
    const existing = s.byKey.get(p.key) as Row | undefined;
    const id = existing ? existing.id : Number(s.insert.run(p.key, p.label, now, now).lastInsertRowid);
    if (existing) s.update.run(p.label, now, id);
    s.clearSources.run(id);
    for (const sourceId of p.sourceIds) s.addSource.run(id, sourceId);
  })();
  return getPhoneBook(db, p.key)!;
}

export function deletePhoneBook(db: Db, key: string): boolean {
  const row = q(db).byKey.get(key) as Row | undefined;
  return row ? q(db).remove.run(row.id).changes > 0 : false;
}

export function phoneBookSourceIds(db: Db, key: string): number[] | undefined {
  const row = q(db).byKey.get(key) as Row | undefined;
  return row ? (q(db).sourceIds.all(row.id) as number[]) : undefined;
}
