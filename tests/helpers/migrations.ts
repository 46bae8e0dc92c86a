// A migration test starts from the database an older version left: a file in a scratch folder (removed after the
// test) with the migrations up to that version applied, to be filled and then opened with all of them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { loadMigrations, openDatabase, type Db } from "../../db/open.ts";

export function databaseAtVersion(t: TestContext, version: number): { path: string; before: Db } {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-db-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, "s.sqlite");
  return { path, before: openDatabase(path, loadMigrations().filter((m) => m.version <= version)) };
}
