import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { openDatabase, type Db } from "../../db/open.ts";
import { BACKSTOP_PAGES, WalCheckpointer } from "../../db/wal-checkpointer.ts";

const MB = 1024 * 1024;

function scratch(t: { after(f: () => void): void }): { db: Db; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-wal-"));
  const path = join(dir, "switchboard.sqlite");
  const db = openDatabase(path);
  db.exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)");
  t.after(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, path };
}

/** 20 MB in 100 KB commits, with pauses of a few checkpoint intervals; the largest WAL file seen. */
async function writeTwenty(db: Db, path: string, pauseMs: number): Promise<number> {
  const insert = db.prepare("INSERT INTO blobs (data) VALUES (?)");
  const chunk = Buffer.alloc(100 * 1024, 7);
  let largest = 0;
  for (let batch = 0; batch < 20; batch++) {
    for (let i = 0; i < 10; i++) insert.run(chunk);
    largest = Math.max(largest, statSync(`${path}-wal`).size);
    await sleep(pauseMs);
  }
  return largest;
}

test("with the checkpointer running, the server's commits never grow the WAL toward its backstop", async (t) => {
  const { db, path } = scratch(t);
  const checkpointer = new WalCheckpointer(db, 10);
  const errors: string[] = [];
  checkpointer.start((err) => errors.push(err.message));
  t.after(() => checkpointer.stop());
  const largest = await writeTwenty(db, path, 40);
  assert.ok(largest < 10 * MB, `the WAL reached ${(largest / MB).toFixed(1)} MB`);
  assert.deepEqual(errors, []);
});

test("without it (the same backstop), the WAL grows with what was written: the test above can fail", async (t) => {
  const { db, path } = scratch(t);
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  const largest = await writeTwenty(db, path, 0);
  assert.ok(largest > 15 * MB, `the WAL reached only ${(largest / MB).toFixed(1)} MB`);
});

/**
 * 40 MB in 100 KB commits a millisecond or two apart, as a storm stores its reports: never a pause long enough
 * for a PASSIVE pass to find the WAL fully copied back. The largest WAL file seen.
 */
async function writeFortyWithoutPause(db: Db, path: string): Promise<number> {
  const insert = db.prepare("INSERT INTO blobs (data) VALUES (?)");
  const chunk = Buffer.alloc(100 * 1024, 7);
  let largest = 0;
  for (let i = 1; i <= 400; i++) {
    insert.run(chunk);
    largest = Math.max(largest, statSync(`${path}-wal`).size);
    await sleep(1);
  }
  return largest;
}

test("under writes without a pause the worker starts the WAL over once it passes the restart size", async (t) => {
  const { db, path } = scratch(t);
  // 4 MB where the server's is 64 MB: the same, at a scale a test can write. Without the restart, these writes
  // take the file to all 40 MB (on a quiet machine; a loaded one stretches the pauses until PASSIVE catches up).
  const checkpointer = new WalCheckpointer(db, 10, 1000);
  const errors: string[] = [];
  checkpointer.start((err) => errors.push(err.message));
  t.after(() => checkpointer.stop());
  const largest = await writeFortyWithoutPause(db, path);
  assert.ok(largest < 20 * MB, `the WAL file reached ${(largest / MB).toFixed(0)} MB`);
  assert.deepEqual(errors, []);
});

test("stopping ends the worker's connection: the server's close then checkpoints and removes the WAL", async (t) => {
  const { db, path } = scratch(t);
  const checkpointer = new WalCheckpointer(db, 20);
  checkpointer.start(() => {});
  db.prepare("INSERT INTO blobs (data) VALUES (?)").run(Buffer.alloc(1000));
  await sleep(50);
  await checkpointer.stop();
  await checkpointer.stop(); // a second stop is harmless
  db.close();
  assert.equal(existsSync(`${path}-wal`), false);
  const reopened = openDatabase(path);
  assert.equal((reopened.prepare("SELECT count(*) AS n FROM blobs").get() as { n: number }).n, 1);
  reopened.close();
});

test("an in-memory database has no WAL and no worker", async () => {
  const db = openDatabase(":memory:");
  const checkpointer = new WalCheckpointer(db, 20);
  checkpointer.start(() => assert.fail("no worker expected"));
  await checkpointer.stop();
  db.close();
});
