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

const until = async (done: () => boolean, ms = 2000) => {
  for (const end = Date.now() + ms; !done() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 5));
};

test("the timer writes a phone whose only news is a newer time at most every timeOnlyEveryMs; flush() at once", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-sightings-"));
  const db = openDatabase(join(dir, "s.sqlite"));
  const buffer = new SightingBuffer(db, 1000);
  t.after(() => {
    buffer.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  // The first write happens after this moment, so "since before" bounds the time since it from above.
  const before = Date.now();
  buffer.start(10);
  buffer.record({ mac: mac(7), ip: "10.0.0.2", userAgent: "ua", at: at(1) });
  await until(() => getSighting(db, mac(7)) !== undefined);
  buffer.record({ mac: mac(7), ip: "10.0.0.2", userAgent: "ua", at: at(2) });
  await new Promise((r) => setTimeout(r, 100));
  // Ten timer ticks went by: a row that would only gain a time and a count is not rewritten each second.
  if (Date.now() - before < 1000) assert.equal(getSighting(db, mac(7))!.last_config_at, at(1), "not rewritten for a newer time alone");
  await until(() => getSighting(db, mac(7))!.last_config_at === at(2));
  assert.ok(Date.now() - before >= 1000, "written once its stored time was timeOnlyEveryMs old");
  assert.equal(getSighting(db, mac(7))!.config_requests, 2);
  buffer.record({ mac: mac(7), ip: "10.0.0.2", userAgent: "ua", at: at(3) });
  buffer.flush();
  assert.equal(getSighting(db, mac(7))!.last_config_at, at(3), "readers flush first and see the newest time");
  assert.equal(getSighting(db, mac(7))!.config_requests, 3);
});

test("a new address, user agent, model, firmware or profile is written by the next tick, not held back", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-sightings-"));
  const db = openDatabase(join(dir, "s.sqlite"));
  const buffer = new SightingBuffer(db, 60_000);
  t.after(() => {
    buffer.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  buffer.start(10);
  buffer.record({ mac: mac(7), ip: "10.0.0.2", userAgent: "ua", model: "CP-8841-3PCC", firmware: "12.0.1", profile: "v1", at: at(1) });
  await until(() => getSighting(db, mac(7)) !== undefined);
  const changes: [string, Parameters<SightingBuffer["record"]>[0], (row: ReturnType<typeof getSighting>) => unknown, unknown][] = [
    ["address", { mac: mac(7), ip: "10.0.0.9", userAgent: "ua" }, (r) => r!.ip_address, "10.0.0.9"],
    ["user agent", { mac: mac(7), ip: "10.0.0.9", userAgent: "ua2" }, (r) => r!.user_agent, "ua2"],
    ["model", { mac: mac(7), ip: "10.0.0.9", userAgent: "ua2", model: "CP-6841-3PCC" }, (r) => r!.model, "CP-6841-3PCC"],
    ["firmware", { mac: mac(7), ip: "10.0.0.9", userAgent: "ua2", firmware: "12.0.2" }, (r) => r!.firmware, "12.0.2"],
    ["profile", { mac: mac(7), ip: "10.0.0.9", userAgent: "ua2", profile: "v2" }, (r) => r!.profile_fingerprint, "v2"],
  ];
  for (const [what, seen, read, expected] of changes) {
    buffer.record(seen);
    await until(() => read(getSighting(db, mac(7))) === expected);
    assert.equal(read(getSighting(db, mac(7))), expected, `a new ${what} is written by the timer`);
  }
});
