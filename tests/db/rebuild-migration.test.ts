// Migrations that rebuild a table (SQLite changes a CHECK only by copying the table): foreign keys are off while one
// runs, so dropping the old table deletes nothing by cascade, and they are checked before it commits. Migration 010
// rebuilds contact_sources for Contact Sync device sources.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import Database from "better-sqlite3";
import { loadMigrations, openDatabase } from "../../db/open.ts";
import { databaseAtVersion } from "../helpers/migrations.ts";

function tmp(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-db-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("migration 010 keeps every contact source with its contacts, search entries and phone books", (t) => {
  const { path, before } = databaseAtVersion(t, 9);
  before.exec(`
    INSERT INTO contact_sources (id, key, provider, label, refresh_token, contact_count, created_at, updated_at)
      VALUES (7, 'outlook-key', 'microsoft', 'Outlook', 'secret-refresh', 1, '2026-01-01', '2026-01-02');
    INSERT INTO contacts (id, source_id, external_id, display_name, search_name, updated_at) VALUES (3, 7, 'e1', 'Anna', 'anna', 'x');
    INSERT INTO contact_numbers (contact_id, position, type, label, number, normalized) VALUES (3, 0, 'mobile', 'Mobile', '0301', '49301');
    INSERT INTO phone_books (id, key, created_at, updated_at) VALUES (1, 'book', 'x', 'x');
    INSERT INTO phone_book_sources VALUES (1, 7);`);
  before.close();

  const db = openDatabase(path);
  t.after(() => db.close());
  assert.equal(db.pragma("user_version", { simple: true }), loadMigrations().at(-1)!.version);
  assert.equal(db.pragma("foreign_keys", { simple: true }), 1, "foreign keys are on again");
  assert.deepEqual(db.prepare("SELECT id, key, provider, label, refresh_token, contact_count, sync_device FROM contact_sources").get(),
    { id: 7, key: "outlook-key", provider: "microsoft", label: "Outlook", refresh_token: "secret-refresh", contact_count: 1, sync_device: null });
  const count = (sql: string) => db.prepare(sql).pluck().get();
  assert.equal(count("SELECT count(*) FROM contacts WHERE source_id = 7"), 1);
  assert.equal(count("SELECT count(*) FROM directory_entries WHERE source_id = 7"), 1);
  assert.equal(count("SELECT count(*) FROM phone_book_sources WHERE source_id = 7"), 1);
  // The children still point at the rebuilt table: deleting the source cascades as before.
  db.prepare("DELETE FROM contact_sources WHERE id = 7").run();
  assert.deepEqual([count("SELECT count(*) FROM contacts"), count("SELECT count(*) FROM directory_entries"), count("SELECT count(*) FROM phone_book_sources")], [0, 0, 0]);
});

test("a sync-device source needs its device, and only that provider has one", (t) => {
  const db = openDatabase(join(tmp(t), "s.sqlite"));
  t.after(() => db.close());
  const insert = (provider: string, device: number | null) =>
    db.prepare("INSERT INTO contact_sources (key, provider, sync_device, created_at, updated_at) VALUES (?, ?, ?, 'x', 'x')").run(`k-${provider}-${device}`, provider, device);
  assert.throws(() => insert("sync-device", null), /CHECK constraint/);
  assert.throws(() => insert("sync-device", 99), /FOREIGN KEY constraint/);
  db.prepare("INSERT INTO sync_devices (id, username, cloud_id, device_id, created_at, updated_at) VALUES (1, 'u@d', 'c', 'p', 'x', 'x')").run();
  assert.throws(() => insert("fritzbox", 1), /CHECK constraint/);
  insert("sync-device", 1);
  assert.throws(() => insert("sync-device", 1), /UNIQUE constraint/, "one source per device");
});

test("a rebuild that would leave rows pointing nowhere is refused and changes nothing", (t) => {
  const dir = tmp(t);
  const migrations = join(dir, "m");
  mkdirSync(migrations);
  writeFileSync(join(migrations, "001_a.sql"), "CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (p INTEGER REFERENCES parent (id) ON DELETE CASCADE); INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1);");
  writeFileSync(join(migrations, "002_b.sql"), "-- rebuilds tables\nCREATE TABLE parent_new (id INTEGER PRIMARY KEY); DROP TABLE parent; ALTER TABLE parent_new RENAME TO parent;");
  assert.throws(() => openDatabase(join(dir, "s.sqlite"), loadMigrations(migrations)), /002_b\.sql leaves rows whose foreign keys point nowhere/);
  const raw = new Database(join(dir, "s.sqlite"), { readonly: true });
  t.after(() => raw.close());
  assert.equal(raw.pragma("user_version", { simple: true }), 1);
  assert.equal(raw.prepare("SELECT count(*) FROM parent").pluck().get(), 1, "the old table is still there");
  assert.equal(raw.prepare("SELECT count(*) FROM child").pluck().get(), 1, "and nothing was deleted by cascade");
});
