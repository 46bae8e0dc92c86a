// What counts as drift (core, no HTTP): a value mismatch or a missing parameter is drift; a `ua: rw` parameter
// changed on the phone, a parameter the configuration changed after the phone's fetch (not resynced) and a
// parameter no config file sets (unexpected) are listed apart. Profile versions tell which parameters changed.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { ConfigStore } from "../../core/config/store.ts";
import { compareParams, compareReport } from "../../core/mpp/compare.ts";
import { changedSinceVersion, generationVersions, recordProfileVersions } from "../../core/mpp/profile-versions.ts";
import { openDatabase, type Db } from "../../db/open.ts";
import { currentProfileVersion } from "../../db/profile-versions.ts";
import { addReport, getReport } from "../../db/reports.ts";
import { saveConfigSightings } from "../../db/sightings.ts";

process.env.LOG_LEVEL = "silent";

const MAC = "001122334455";
const OTHER = "0011223344aa";
const COMMON = `common:
  Time_Format: 24hr
  Date_Format: "day/month"
  Primary_NTP_Server: "10.0.0.1"
  Ring_Tone: {value: "Chirp 1", ua: rw}
  Handset_Volume: {value: "5", ua: rw}
  Admin_Password: "0000"
`;
const PHONES = `phones:
  desk:
    mac: "00:11:22:33:44:55"
    Station_Name: desk
  lobby:
    mac: "00:11:22:33:44:aa"
    Station_Name: lobby
`;

interface Fixture {
  store: ConfigStore;
  db: Db;
  write(file: string, yaml: string): void;
}

/** A config folder and database of this test's own, removed after it; versions recorded as the server does. */
function fixture(t: TestContext): Fixture {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-drift-"));
  writeFileSync(join(dir, "common.yml"), COMMON);
  writeFileSync(join(dir, "phones.yml"), PHONES);
  const store = new ConfigStore(dir);
  const db = openDatabase(join(dir, "s.sqlite"));
  recordProfileVersions(db, store.config);
  t.after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    store,
    db,
    write(file, yaml) {
      writeFileSync(join(dir, file), yaml);
      recordProfileVersions(db, store.reload());
    },
  };
}

const desk = (store: ConfigStore) => store.config.phones.find((p) => p.id === "desk");
const names = (list: { parameter: string }[]) => list.map((p) => p.parameter).sort();

/** The desk fetched its profile (the version of now) and then reported `params`; the report's id. */
function fetchedAndReported(f: Fixture, params: Record<string, string>, at = "2026-01-01T00:00:00.000Z"): number {
  const fingerprint = generationVersions(f.store.config, f.db).fingerprints.get(MAC)!;
  saveConfigSightings(f.db, [{ mac: MAC, ip: "10.0.0.5", userAgent: "ua", at, requests: 1, profile: fingerprint, profileAt: at }]);
  const json = JSON.stringify(params);
  return addReport(f.db, { mac: MAC, receivedAt: at, clientIp: "10.0.0.5", userAgent: "ua", reportType: "config", paramsJson: json, paramCount: Object.keys(params).length, rawXml: "", profileFingerprint: fingerprint }, 50);
}

const IN_SYNC = { Station_Name: "desk", Time_Format: "24hr", Date_Format: "day/month", Primary_NTP_Server: "10.0.0.1", Ring_Tone: "Chirp 1", Handset_Volume: "5" };

test("a value that differs is a mismatch, a parameter the phone lacks is missing: both are drift", (t) => {
  const { store } = fixture(t);
  const { Primary_NTP_Server: _gone, ...rest } = IN_SYNC;
  const c = compareParams(store.config, desk(store), desk(store)?.params, { ...rest, Time_Format: "12hr" });
  assert.deepEqual(c.differences, [
    { parameter: "Time_Format", expected: "24hr", reported: "12hr", type: "value_mismatch" },
    { parameter: "Primary_NTP_Server", expected: "10.0.0.1", reported: null, type: "missing" },
  ]);
  assert.deepEqual([c.changed_on_phone, c.not_resynced, c.unexpected_parameters], [[], [], []]);
});

test("a ua: rw parameter the user changed on the phone is not drift; missing it still is", (t) => {
  const { store } = fixture(t);
  const { Handset_Volume: _gone, ...rest } = IN_SYNC;
  const c = compareParams(store.config, desk(store), desk(store)?.params, { ...rest, Ring_Tone: "Chirp 2" });
  assert.deepEqual(c.changed_on_phone, [{ parameter: "Ring_Tone", expected: "Chirp 1", reported: "Chirp 2" }]);
  assert.deepEqual(c.differences, [{ parameter: "Handset_Volume", expected: "5", reported: null, type: "missing" }], "a phone cannot lack a parameter by its user's choice");
});

test("a reported parameter no config file sets is unexpected, information apart from drift", (t) => {
  const { store } = fixture(t);
  const c = compareParams(store.config, desk(store), desk(store)?.params, { ...IN_SYNC, Call_Waiting_Serv: "Yes", Admin_Password: "x" });
  assert.deepEqual(c.unexpected_parameters, [{ parameter: "Call_Waiting_Serv", reported_value: "Yes" }]);
  assert.deepEqual(c.differences, [], "unexpected parameters are not differences");
});

test("a parameter the configuration changed after the phone's fetch is not resynced, not drift", (t) => {
  const f = fixture(t);
  const id = fetchedAndReported(f, { ...IN_SYNC, Date_Format: "month/day" }); // the user's own drift, before any edit
  f.write("common.yml", COMMON.replace("24hr", "12hr").replace("10.0.0.1", "10.0.0.2").replace("Chirp 1", "Chirp 3") + "  Call_Waiting_Serv: \"No\"\n");
  const c = compareReport(f.store.config, f.db, getReport(f.db, id)!);
  assert.equal(c.report_profile, "outdated");
  assert.deepEqual(names(c.not_resynced), ["Call_Waiting_Serv", "Primary_NTP_Server", "Ring_Tone", "Time_Format"], "edited, and added, since the fetch — even a ua: rw one");
  assert.deepEqual(c.differences, [{ parameter: "Date_Format", expected: "day/month", reported: "month/day", type: "value_mismatch" }], "what the edit did not touch is still drift");
  assert.deepEqual(c.not_resynced.find((p) => p.parameter === "Time_Format"), { parameter: "Time_Format", expected: "12hr", reported: "24hr" });
});

test("a report made with the profile of now has nothing waiting for a resync", (t) => {
  const f = fixture(t);
  f.write("common.yml", COMMON.replace("24hr", "12hr"));
  const id = fetchedAndReported(f, IN_SYNC); // fetched after the edit, but kept 24hr
  const c = compareReport(f.store.config, f.db, getReport(f.db, id)!);
  assert.equal(c.report_profile, "current");
  assert.deepEqual(c.not_resynced, []);
  assert.deepEqual(names(c.differences), ["Time_Format"]);
});

test("a report of a phone that had fetched no profile from us is compared plainly", (t) => {
  const f = fixture(t);
  const id = addReport(f.db, { mac: MAC, receivedAt: "2026-01-01T00:00:00.000Z", clientIp: "", userAgent: "", reportType: "config", paramsJson: JSON.stringify(IN_SYNC), paramCount: 6, rawXml: "" }, 50);
  f.write("common.yml", COMMON.replace("24hr", "12hr"));
  const c = compareReport(f.store.config, f.db, getReport(f.db, id)!);
  assert.equal(c.report_profile, "unknown");
  assert.deepEqual(names(c.differences), ["Time_Format"], "without knowing what it had, a difference is drift");
});

test("an edit of one phone's entry changes that phone's profile version only", (t) => {
  const f = fixture(t);
  const lobbyBefore = currentProfileVersion(f.db, OTHER)!;
  const deskBefore = currentProfileVersion(f.db, MAC)!;
  fetchedAndReported(f, IN_SYNC); // the desk's report names its version, so it is kept
  f.write("phones.yml", PHONES.replace("Station_Name: desk", "Station_Name: front-desk"));
  assert.deepEqual(currentProfileVersion(f.db, OTHER), lobbyBefore, "the lobby's profile did not change");
  const deskAfter = currentProfileVersion(f.db, MAC)!;
  assert.notEqual(deskAfter.fingerprint, deskBefore.fingerprint);
  assert.equal(deskAfter.current_since, f.store.config.loadedAt, "current from the reload that changed it");
  const changed = changedSinceVersion(f.db, f.store.config, MAC, deskBefore.fingerprint);
  assert.ok(changed, "the version the desk reported with is kept");
  assert.equal(changed("Station_Name", "front-desk"), true);
  assert.equal(changed("Time_Format", "24hr"), false);
});

test("an edit undone makes the old version current again, from the reload that brought it back", async (t) => {
  const f = fixture(t);
  const first = currentProfileVersion(f.db, MAC)!;
  fetchedAndReported(f, IN_SYNC); // a report names the first version, so it is kept
  f.write("common.yml", COMMON.replace("24hr", "12hr"));
  await new Promise((r) => setTimeout(r, 5));
  f.write("common.yml", COMMON);
  const again = currentProfileVersion(f.db, MAC)!;
  assert.equal(again.fingerprint, first.fingerprint);
  assert.ok(again.current_since > first.current_since, `${again.current_since} is the undo, not ${first.current_since}`);
});

test("versions nothing names are dropped; no secret value is stored, not even hashed", (t) => {
  const f = fixture(t);
  const first = currentProfileVersion(f.db, MAC)!;
  f.write("common.yml", COMMON.replace("24hr", "12hr"));
  assert.equal(f.db.prepare("SELECT count(*) FROM profile_versions WHERE mac = ? AND fingerprint = ?").pluck().get(MAC, first.fingerprint), 0, "named by no sighting or report");
  assert.equal(f.db.prepare("SELECT count(*) FROM common_versions").pluck().get(), 1, "only the common.yml of now");
  const stored = f.db.prepare("SELECT value_hashes FROM common_versions").pluck().all().join("");
  assert.ok(!stored.includes("Admin_Password") && !stored.includes("0000"));
  assert.ok(stored.includes("Time_Format") && !stored.includes("12hr"), "names with hashes, no values");
});
