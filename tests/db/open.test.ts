import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { loadMigrations, openDatabase } from "../../db/open.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "switchboard-db-"));

test("a new database gets every migration, WAL and foreign keys", () => {
  const db = openDatabase(join(tmp(), "s.sqlite"));
  const latest = loadMigrations().at(-1)!.version;
  assert.equal(db.pragma("user_version", { simple: true }), latest);
  assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
  assert.equal(db.pragma("foreign_keys", { simple: true }), 1);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
  for (const t of ["phone_sightings", "contact_sources", "contacts", "contact_numbers"]) assert.ok(tables.includes(t), `${t} exists`);
  db.close();
});

test("reopening applies nothing twice", () => {
  const path = join(tmp(), "s.sqlite");
  openDatabase(path).close();
  const db = openDatabase(path);
  assert.equal(db.pragma("user_version", { simple: true }), loadMigrations().at(-1)!.version);
  db.close();
});

test("migrations run in order, each with its version; a failing one leaves the previous version", () => {
  const dir = tmp();
  const migrations = join(dir, "m");
  mkdirSync(migrations);
  writeFileSync(join(migrations, "001_a.sql"), "CREATE TABLE a (x);");
  writeFileSync(join(migrations, "002_b.sql"), "CREATE TABLE b (x); INSERT INTO nope VALUES (1);");
  assert.throws(() => openDatabase(join(dir, "s.sqlite"), loadMigrations(migrations)), /no such table: nope/);
  writeFileSync(join(migrations, "002_b.sql"), "CREATE TABLE b (x);");
  const db = openDatabase(join(dir, "s.sqlite"), loadMigrations(migrations));
  assert.equal(db.pragma("user_version", { simple: true }), 2);
  db.close();
});

test("a database newer than the code is refused", () => {
  const path = join(tmp(), "s.sqlite");
  const db = openDatabase(path);
  db.pragma("user_version = 999");
  db.close();
  assert.throws(() => openDatabase(path), /schema version 999, newer than this Switchboard knows/);
});
