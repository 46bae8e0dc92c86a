// After a restart the phones' profile versions are computed a slice per turn of the event loop, once the server
// listens (at 50,000 phones all of them take about a second): a phone calling meanwhile waits for its own
// fingerprint only, and the versions are recorded when the slices are done.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setImmediate as turn } from "node:timers/promises";
import { test } from "node:test";
import { ConfigStore } from "../../core/config/store.ts";
import { configuredFingerprint, generationVersions, ProfileVersionRecorder } from "../../core/mpp/profile-versions.ts";
import { SightingBuffer } from "../../core/mpp/sightings.ts";
import { openDatabase } from "../../db/open.ts";
import { currentProfileVersions } from "../../db/profile-versions.ts";

process.env.LOG_LEVEL = "silent";
const PHONES = 2500;
const mac = (i: number) => (0x0011220000 + i).toString(16).padStart(12, "0");

test("the start computes every phone's fingerprint in slices while requests are answered, then records the versions", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-versions-"));
  const phones = Array.from({ length: PHONES }, (_, i) => `  p${i}:\n    mac: "${mac(i)}"\n    Station_Name: p${i}\n`).join("");
  writeFileSync(join(dir, "common.yml"), "common:\n  Time_Format: 24hr\n");
  writeFileSync(join(dir, "phones.yml"), `phones:\n${phones}`);
  const store = new ConfigStore(dir);
  const db = openDatabase(join(dir, "s.sqlite"));
  const recorder = new ProfileVersionRecorder(db, store, new SightingBuffer(db));
  t.after(() => {
    recorder.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const computed = () => generationVersions(store.config).fingerprints.size;

  assert.ok(configuredFingerprint(store.config, db, mac(2000)));
  assert.equal(computed(), 1, "a phone's request computes its own fingerprint, not every phone's");
  assert.equal(configuredFingerprint(store.config, db, "0000000000ff"), undefined, "a MAC not in phones.yml has none");

  recorder.start();
  assert.equal(computed(), 1, "nothing on the way to listening");
  await turn();
  assert.ok(computed() > 1 && computed() < PHONES, `one slice per turn (${computed()} after the first)`);
  assert.equal(currentProfileVersions(db).size, 0, "recorded only when every slice is done");
  for (let i = 0; i < 10 && currentProfileVersions(db).size === 0; i++) await turn();
  assert.equal(computed(), PHONES);
  assert.equal(currentProfileVersions(db).size, PHONES, "then every phone's version is recorded");
});
