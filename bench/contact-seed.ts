// Contacts for the directory benchmarks, stored fast: built by the sync's own buildContact (tests/fixtures), written
// by db/contacts-bulk.ts (rows first, search indexes filled once), and kept under storage/bench-cache/ so the next
// `make bench` copies the file instead of seeding again. The cache key is the schema version, the size, the text of
// the generator and the files that build and store a contact (STORING_CODE): a change to any of them seeds anew.
// Delete storage/bench-cache/ to reclaim the space (the million-contact file is ~700 MB).
// Before a bulk seed counts, a small sample is stored both ways and must read back the same (rows and searches).
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_DIAL_PLAN } from "../core/contacts/normalize.ts";
import { searchFilter } from "../core/contacts/directory.ts";
import { createSource } from "../db/contact-sources.ts";
import { DirectorySearchCache, directoryPage, entriesByNumber } from "../db/contact-search.ts";
import { applyContactChanges, type StoredContact } from "../db/contacts.ts";
import { bulkLoadContacts } from "../db/contacts-bulk.ts";
import { loadMigrations, openDatabase, type Db } from "../db/open.ts";
import { storedContact, type FixtureContact } from "../tests/fixtures/contacts.ts";
import { ROOT } from "./switchboard.ts";

const CACHE_DIR = join(ROOT, "storage", "bench-cache");
const BATCH = 50_000;
const SAMPLE = 3_000;

export interface Seeded {
  numbers: number;
  seconds: number;
  /** "cache" when the file was copied from storage/bench-cache/, "seeded" when it was written now. */
  from: "cache" | "seeded";
}

/** Puts `contacts` contacts made by `make` into a new database at dbPath, in a source with phone-book key `key`. */
export function seedContacts(dbPath: string, key: string, contacts: number, make: (i: number) => FixtureContact): Seeded {
  const started = Date.now();
  const cached = join(CACHE_DIR, `contacts-${cacheKey(key, contacts, make)}.sqlite`);
  if (!existsSync(cached)) {
    assertBulkMatchesImporter(key, make);
    mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${cached}.${process.pid}.partial`;
    try {
      const numbers = seedInto(partial, key, contacts, make, "bulk");
      // The number count is kept beside the file (written first: a cached file always has it).
      writeFileSync(`${cached}.numbers`, String(numbers));
      renameSync(partial, cached);
    } finally {
      rmSync(partial, { force: true });
    }
    copyFileSync(cached, dbPath);
    return { numbers: readNumbers(cached), seconds: (Date.now() - started) / 1000, from: "seeded" };
  }
  copyFileSync(cached, dbPath);
  return { numbers: readNumbers(cached), seconds: (Date.now() - started) / 1000, from: "cache" };
}

/** The files whose code decides what a stored contact looks like (names folded, numbers normalized, rows written). */
const STORING_CODE = ["tests/fixtures/contacts.ts", "core/contacts/build.ts", "core/contacts/normalize.ts", "lib/search-fold.ts", "db/contacts.ts", "db/contacts-bulk.ts"];

function cacheKey(key: string, contacts: number, make: (i: number) => FixtureContact): string {
  const schema = loadMigrations().at(-1)?.version ?? 0;
  const code = [make.toString(), ...STORING_CODE.map((f) => readFileSync(join(ROOT, f), "utf8"))].join("\n");
  return `v${schema}-${contacts}-${key}-${createHash("sha256").update(code).digest("hex").slice(0, 12)}`;
}

const readNumbers = (file: string) => Number(readFileSync(`${file}.numbers`, "utf8"));

/** The contacts in batches (a million built at once would not fit in memory), the sync's dial plan applied. */
function* batches(contacts: number, make: (i: number) => FixtureContact): Generator<StoredContact[]> {
  for (let from = 0; from < contacts; from += BATCH) {
    yield Array.from({ length: Math.min(BATCH, contacts - from) }, (_, j) => storedContact(make(from + j), from + j, DEFAULT_DIAL_PLAN));
  }
}

function seedInto(path: string, key: string, contacts: number, make: (i: number) => FixtureContact, how: "bulk" | "importer"): number {
  const db = openDatabase(path);
  try {
    // A seed file is rebuilt when lost, so it is written without waiting for the disk; the pages stay in memory.
    db.pragma("synchronous = OFF");
    db.pragma("cache_size = -262144");
    const sourceId = createSource(db, { key, provider: "fritzbox", label: "Office" }).id;
    if (how === "bulk") return bulkLoadContacts(db, sourceId, batches(contacts, make));
    let numbers = 0;
    for (const batch of batches(contacts, make)) {
      applyContactChanges(db, sourceId, batch, []);
      numbers += batch.reduce((n, c) => n + c.numbers.length, 0);
    }
    return numbers;
  } finally {
    db.close();
  }
}

/**
 * Stores SAMPLE contacts through the importer's path and through the bulk path and compares what a phone could
 * see: every row of the directory tables and the answers to name, number and caller searches.
 */
function assertBulkMatchesImporter(key: string, make: (i: number) => FixtureContact): void {
  const tmp = mkdtempSync(join(tmpdir(), "switchboard-bench-seed-check-"));
  try {
    const paths = { importer: join(tmp, "importer.sqlite"), bulk: join(tmp, "bulk.sqlite") };
    seedInto(paths.importer, key, SAMPLE, make, "importer");
    seedInto(paths.bulk, key, SAMPLE, make, "bulk");
    const [a, b] = [paths.importer, paths.bulk].map((p) => {
      const db = openDatabase(p);
      try {
        return JSON.stringify(readBack(db, make));
      } finally {
        db.close();
      }
    });
    if (a !== b) throw new Error("the bulk-seeded contacts read back differently from the importer's: fix db/contacts-bulk.ts");
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function readBack(db: Db, make: (i: number) => FixtureContact): unknown {
  const rows = (sql: string) => db.prepare(sql).raw().all();
  const sourceIds = [db.prepare("SELECT id FROM contact_sources").pluck().get() as number];
  const cache = new DirectorySearchCache();
  const names = ["a", "an", "mü", "mue", "schm", "jör", "koe", "zo", "an sch", "praxis", "ø", "nguy"];
  const samples = Array.from({ length: 40 }, (_, i) => make(i * 71).numbers![0].number);
  const searches = [...names, ...samples.map((n) => n.replace(/\D/g, "").slice(4, 9))].map((text) => {
    const filter = searchFilter(text, DEFAULT_DIAL_PLAN)!;
    return directoryPage(db, cache, { sourceIds, filter, limit: 32 });
  });
  const callers = samples.map((n) => entriesByNumber(db, sourceIds, n.replace(/\D/g, ""), 32));
  return {
    contacts: rows("SELECT id, source_id, external_id, display_name, given_name, family_name, company, emails, addresses, birthday, note, search_name, modified_at FROM contacts ORDER BY id"),
    numbers: rows("SELECT * FROM contact_numbers ORDER BY id"),
    entries: rows("SELECT * FROM directory_entries ORDER BY number_id"),
    count: rows("SELECT contact_count FROM contact_sources"),
    schema: rows("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('trigger', 'index') ORDER BY name"),
    searches,
    callers,
  };
}
