import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { SightingBuffer } from "../../core/mpp/sightings.ts";
import { openDatabase } from "../../db/open.ts";
import { getSighting, listSightings } from "../../db/sightings.ts";

const mac = (i: number) => i.toString(16).padStart(12, "0");
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

test("the timer writes every pending sighting, in slices, and counts requests", async () => {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "switchboard-sightings-")), "s.sqlite"));
  const buffer = new SightingBuffer(db);
  for (let i = 0; i < 250; i++) buffer.record({ mac: mac(i), ip: "10.0.0.1", userAgent: "ua", at: at(1) });
  buffer.record({ mac: mac(7), ip: "10.0.0.2", userAgent: "ua2", model: "CP-8841-3PCC", at: at(2) });
  buffer.start(10);
  try {
    for (let i = 0; i < 100 && listSightings(db).length < 250; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(listSightings(db).length, 250);
    const seven = getSighting(db, mac(7))!;
    assert.equal(seven.config_requests, 2);
    assert.equal(seven.ip_address, "10.0.0.2", "the newest request's address");
    assert.equal(seven.model, "CP-8841-3PCC");
    buffer.record({ mac: mac(7), ip: "10.0.0.3", userAgent: "ua3", at: at(3) });
  } finally {
    buffer.stop();
  }
  const seven = getSighting(db, mac(7))!;
  assert.equal(seven.config_requests, 3, "stop() writes what is left");
  assert.equal(seven.model, "CP-8841-3PCC", "a request without a model keeps the known one");
  assert.equal(seven.last_config_at, at(3));
  db.close();
});
