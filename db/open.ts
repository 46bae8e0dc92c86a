// Opens the one SQLite file: pragmas, then the numbered migrations in db/migrations/, each in its own
// transaction together with its version (PRAGMA user_version). A database newer than the code is refused.
import Database from "better-sqlite3";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { nameBasedUuid } from "../lib/name-uuid.ts";
import { searchText } from "../lib/search-fold.ts";

export type Db = Database.Database;

/** How much of the database file is read through a memory map: all of a book of a million contacts (~700 MB). */
export const MMAP_BYTES = 1024 ** 3;

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "migrations");

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), "utf8") }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (i > 0 && migrations[i - 1].version === m.version) throw new Error(`Two migrations share version ${m.version}`);
  });
  return migrations;
}

export function openDatabase(path: string, migrations = loadMigrations()): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  // Reads come from a memory map of the file instead of a read() and a copy into SQLite's 2 MB page cache per
  // page: a directory page over a million contacts touches pages all over the file (cold search CPU -20..-40%).
  // The mapped pages are the kernel's page cache (shared, reclaimable), though RSS counts those a query touched.
  db.pragma(`mmap_size = ${MMAP_BYTES}`);
  registerFunctions(db);
  try {
    migrate(db, migrations);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * What migrations may call besides SQLite's own functions: `search_text(display, given, family, company)` is the
 * search name new contacts are stored with (lib/search-fold.ts), so a migration brings stored contacts up to a
 * changed fold in one UPDATE. `name_uuid(a, b, …)` is lib/name-uuid.ts: a contact's UID (source key, external id),
 * so the change log can be written and filled in SQL.
 */
function registerFunctions(db: Db): void {
  db.function("name_uuid", { deterministic: true, varargs: true }, (...parts: unknown[]) => nameBasedUuid(...parts.map((p) => String(p ?? ""))));
  db.function("search_text", { deterministic: true, varargs: true }, (...texts: unknown[]) => searchText(texts.map((t) => (typeof t === "string" ? t : ""))));
}

export function migrate(db: Db, migrations: Migration[]): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`The database is at schema version ${current}, newer than this Switchboard knows (${latest}). Upgrade Switchboard or use a backup.`);
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    const rebuild = REBUILDS_TABLES.test(m.sql);
    const keysWereOn = db.pragma("foreign_keys", { simple: true }) === 1;
    // PRAGMA foreign_keys does nothing inside a transaction, so it is switched around it.
    if (rebuild) db.pragma("foreign_keys = OFF");
    try {
      db.transaction(() => {
        db.exec(m.sql);
        if (rebuild && (db.pragma("foreign_key_check") as unknown[]).length) {
          throw new Error(`Migration ${m.name} leaves rows whose foreign keys point nowhere; nothing was changed.`);
        }
        db.pragma(`user_version = ${m.version}`);
      })();
    } finally {
      if (rebuild && keysWereOn) db.pragma("foreign_keys = ON");
    }
  }
}

/**
 * A migration that rebuilds a table (SQLite's way to change a constraint: create the new table, copy, drop the old,
 * rename) starts with this comment. Foreign keys are off while it runs — dropping the old table would otherwise
 * delete every row that points at it, by cascade — and are checked before it commits.
 */
const REBUILDS_TABLES = /^-- rebuilds tables\b/;

/** Prepares a module's statements once per database handle. */
export function statements<T>(factory: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let s = cache.get(db);
    if (!s) cache.set(db, (s = factory(db)));
    return s;
  };
}

/** True when the database accepts a write (takes and releases the write lock). */
export function isWritable(db: Db): boolean {
  try {
    db.exec("BEGIN IMMEDIATE; ROLLBACK;");
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs a write; a UNIQUE or PRIMARY KEY violation becomes the caller's error (a Conflict naming what is taken),
 * so a name is claimed in one statement instead of a check that races with the insert.
 */
export function unlessTaken<T>(write: () => T, taken: () => Error): T {
  try {
    return write();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") throw taken();
    throw err;
  }
}

export const nowIso = (): string => new Date().toISOString();
