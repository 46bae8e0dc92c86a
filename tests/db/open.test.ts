import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import Database from "better-sqlite3";
import { loadMigrations, MMAP_BYTES, openDatabase } from "../../db/open.ts";

/** A folder of the test's own, removed when it ends. */
function tmp(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-db-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("a new database gets every migration, WAL and foreign keys", (t) => {
  const db = openDatabase(join(tmp(t), "s.sqlite"));
  const latest = loadMigrations().at(-1)!.version;
  assert.equal(db.pragma("user_version", { simple: true }), latest);
  assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
  assert.equal(db.pragma("foreign_keys", { simple: true }), 1);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
  for (const table of ["phone_sightings", "contact_sources", "contacts", "contact_numbers"]) assert.ok(tables.includes(table), `${table} exists`);
  db.close();
});

test("a database is read through a memory map big enough for a million-contact phone book", (t) => {
  const db = openDatabase(join(tmp(t), "s.sqlite"));
  t.after(() => db.close());
  assert.equal(db.pragma("mmap_size", { simple: true }), MMAP_BYTES);
  assert.ok(MMAP_BYTES >= 1024 ** 3);
});

test("reopening applies nothing twice", (t) => {
  const path = join(tmp(t), "s.sqlite");
  openDatabase(path).close();
  const db = openDatabase(path);
  assert.equal(db.pragma("user_version", { simple: true }), loadMigrations().at(-1)!.version);
  db.close();
});

test("migrations run in order, each with its version; a failing one leaves the previous version", (t) => {
  const dir = tmp(t);
  const migrations = join(dir, "m");
  mkdirSync(migrations);
  writeFileSync(join(migrations, "001_a.sql"), "CREATE TABLE a (x);");
  writeFileSync(join(migrations, "002_b.sql"), "CREATE TABLE b (x); INSERT INTO nope VALUES (1);");
  assert.throws(() => openDatabase(join(dir, "s.sqlite"), loadMigrations(migrations)), /no such table: nope/);
  // Read without openDatabase, which would migrate: 001 stayed, 002 left nothing behind.
  const raw = new Database(join(dir, "s.sqlite"), { readonly: true });
  t.after(() => raw.close());
  assert.equal(raw.pragma("user_version", { simple: true }), 1);
  assert.deepEqual(raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all(), ["a"]);
  writeFileSync(join(migrations, "002_b.sql"), "CREATE TABLE b (x);");
  const db = openDatabase(join(dir, "s.sqlite"), loadMigrations(migrations));
  assert.equal(db.pragma("user_version", { simple: true }), 2);
  db.close();
});

test("a database newer than the code is refused", (t) => {
  const path = join(tmp(t), "s.sqlite");
  const db = openDatabase(path);
  db.pragma("user_version = 999");
  db.close();
  assert.throws(() => openDatabase(path), /schema version 999, newer than this Switchboard knows/);
});
