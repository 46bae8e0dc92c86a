import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { SightingBuffer } from "../../core/mpp/sightings.ts";
import { openDatabase, type Db } from "../../db/open.ts";
import { getSighting, listSightings } from "../../db/sightings.ts";

const mac = (i: number) => i.toString(16).padStart(12, "0");
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

/** A buffer on a database of this test's own; both are stopped and removed after it. */
function sightings(t: TestContext): { db: Db; buffer: SightingBuffer } {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-sightings-"));
  const db = openDatabase(join(dir, "s.sqlite"));
  const buffer = new SightingBuffer(db);
  t.after(() => {
    buffer.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, buffer };
}

test("the timer writes every pending sighting, in slices, and counts requests", async (t) => {
  const { db, buffer } = sightings(t);
  for (let i = 0; i < 250; i++) buffer.record({ mac: mac(i), ip: "10.0.0.1", userAgent: "ua", at: at(1) });
  buffer.record({ mac: mac(7), ip: "10.0.0.2", userAgent: "ua2", model: "CP-8841-3PCC", at: at(2) });
  buffer.start(10);
  for (let i = 0; i < 100 && listSightings(db).length < 250; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(listSightings(db).length, 250);
  const seven = getSighting(db, mac(7))!;
  assert.equal(seven.config_requests, 2);
  assert.equal(seven.ip_address, "10.0.0.2", "the newest request's address");
  assert.equal(seven.model, "CP-8841-3PCC");
});

test("stop() writes what is left before the timer came round", (t) => {
  const { db, buffer } = sightings(t);
  buffer.start(60_000);
  buffer.record({ mac: mac(7), ip: "10.0.0.3", userAgent: "ua3", at: at(3) });
  assert.equal(getSighting(db, mac(7)), undefined, "pending until the timer or stop()");
  buffer.stop();
  const seven = getSighting(db, mac(7))!;
  assert.equal(seven.config_requests, 1, "stop() writes what is left");
  assert.equal(seven.last_config_at, at(3));
});

test("a request without a model keeps the model known from an earlier one", (t) => {
  const { db, buffer } = sightings(t);
  buffer.record({ mac: mac(7), ip: "10.0.0.2", userAgent: "ua2", model: "CP-8841-3PCC", at: at(2) });
  buffer.flush();
  buffer.record({ mac: mac(7), ip: "10.0.0.3", userAgent: "ua3", at: at(3) });
  buffer.flush();
  const seven = getSighting(db, mac(7))!;
  assert.equal(seven.config_requests, 2);
  assert.equal(seven.model, "CP-8841-3PCC", "a request without a model keeps the known one");
  assert.equal(seven.last_config_at, at(3));
});
