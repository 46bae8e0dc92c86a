// Profile history and pinning (core/mpp/profile-history.ts): every profile a phone was given is kept with its
// values, two versions can be compared (secrets masked), and a pinned phone gets exactly an earlier version's
// bytes until it is unpinned — also when its answer was already remembered (core/mpp/answer-memo.ts).
import assert from "node:assert/strict";
import { setImmediate as tick } from "node:timers/promises";
import { after, before, test } from "node:test";
import { listAuditEntries } from "../../db/audit-log.ts";
import { HISTORY_PER_PHONE, listHistoryVersions, saveHistoryVersions, savePin } from "../../db/profile-history.ts";
import { ProfilePins } from "../../core/mpp/profile-history.ts";
import { ADMIN_AND_MONITOR_SERVICECONFIG, startTestServer, type TestServer } from "../helpers/server.ts";
import { profileParams } from "../helpers/xml.ts";

const MAC = "001122334455";
const phones = (station: string, password = "sip-secret") =>
  `phones:\n  desk:\n    mac: "00:11:22:33:44:55"\n    Station_Name: ${station}\n    Password_1_: ${password}\n`;
const FILES = { "serviceconfig.yml": ADMIN_AND_MONITOR_SERVICECONFIG, "phones.yml": phones("desk-v1"), "common.yml": "common:\n  Time_Format: 24hr\n" };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const ADMIN = basic("admin", "admin-pass");
const MONITOR = basic("monitor", "monitor-pass");
const UA = `Cisco-CP-8851-3PCC/12.0.2 (${MAC})`;

let server: TestServer;
before(async () => {
  server = await startTestServer(FILES);
  await tick(); // the versions of the start are stored just after it
});
after(() => server.close());

const api = async (path: string, init: RequestInit = {}) => {
  const res = await server.request(path, { ...init, headers: { Authorization: ADMIN, Origin: server.url, "Content-Type": "application/json", ...init.headers } });
  return { status: res.status, json: res.body ? JSON.parse(res.body) : undefined };
};
const history = async () => (await api(`/api/admin/phones/${MAC}/history`)).json;
const fetchProfile = async () => (await server.get(`/${MAC}.xml`, { headers: { "User-Agent": UA } })).body;
const station = (xml: string) => profileParams(xml).get("Station_Name")?.value;

test("a config change that changes a phone's profile adds a version; the diff lists what changed, secrets masked", async (t) => {
  t.after(() => server.writeConfig("phones.yml", phones("desk-v1")));
  const before = (await history()).versions.length;
  server.writeConfig("phones.yml", phones("desk-v2", "new-secret"));
  server.writeConfig("common.yml", "common:\n  Time_Format: 24hr\n"); // no change: no version
  const h = await history();
  assert.equal(h.versions.length, before + 1);
  assert.equal(h.versions[0].fingerprint, h.configured, "the newest version is what the config gives now");
  const diff = await api(`/api/admin/phones/${MAC}/diff?from=${h.versions[1].fingerprint}&to=${h.versions[0].fingerprint}`);
  assert.equal(diff.status, 200);
  const byName = Object.fromEntries(diff.json.changes.map((c: { name: string }) => [c.name, c]));
  assert.deepEqual(byName.Station_Name, { name: "Station_Name", from: "desk-v1", to: "desk-v2" });
  assert.equal(byName.Password_1_.secret, true, "a changed password is listed as changed");
  assert.ok(!JSON.stringify(diff.json).includes("sip-secret"), "no password value in the diff");
  assert.ok(!JSON.stringify(diff.json).includes("new-secret"));
  assert.equal(Object.keys(byName).length, 2, "unchanged parameters are not listed");
  assert.equal((await api(`/api/admin/phones/${MAC}/diff?from=nope&to=${h.configured}`)).status, 404);
});

test("a pinned phone gets exactly the earlier version's bytes, even after its answer was remembered, until unpinned", async (t) => {
  t.after(() => server.writeConfig("phones.yml", phones("desk-v1")));
  const v1Bytes = await fetchProfile();
  const v1 = (await history()).configured;
  server.writeConfig("phones.yml", phones("desk-v2"));
  assert.equal(station(await fetchProfile()), "desk-v2");
  assert.equal(station(await fetchProfile()), "desk-v2", "now remembered for this generation");
  const pinned = await api(`/api/admin/phones/${MAC}/pin`, { method: "POST", body: JSON.stringify({ fingerprint: v1 }) });
  assert.equal(pinned.status, 200);
  assert.equal(pinned.json.pinned_by, "admin");
  assert.equal(await fetchProfile(), v1Bytes, "the stored version, byte for byte");
  server.writeConfig("common.yml", "common:\n  Time_Format: 12hr\n");
  assert.equal(await fetchProfile(), v1Bytes, "a pin outlives a reload");
  assert.equal((await history()).pinned.fingerprint, v1);
  const reopened = new ProfilePins(server.app.db, server.app.store);
  assert.equal(Buffer.concat(reopened.served(MAC)!.body).toString(), v1Bytes, "and a restart");
  server.app.sightings.flush();
  const served = listHistoryVersions(server.app.db, MAC).find((v) => v.fingerprint === v1)!;
  assert.ok(served.first_served && served.last_served, "the version's serving is recorded");
  assert.equal((await api(`/api/admin/phones/${MAC}/pin`, { method: "DELETE" })).status, 200);
  assert.equal(station(await fetchProfile()), "desk-v2");
  server.writeConfig("common.yml", "common:\n  Time_Format: 24hr\n");
  const log = listAuditEntries(server.app.db, 10).entries.map((e) => [e.username, e.action, e.target]);
  assert.deepEqual(log.slice(0, 2), [["admin", "unpin", MAC], ["admin", "pin", MAC]]);
});

test("pinning is for admins only, from our own pages, and only to a stored version", async () => {
  const url = `/api/admin/phones/${MAC}/pin`;
  const { configured } = await history();
  const body = JSON.stringify({ fingerprint: configured });
  assert.equal((await api(url, { method: "POST", body, headers: { Authorization: MONITOR } })).status, 403, "a monitor");
  assert.equal((await api(url, { method: "POST", body, headers: { Origin: "http://evil.example" } })).status, 403, "another site");
  assert.equal((await api(url, { method: "POST", body: JSON.stringify({ fingerprint: "nope" }) })).status, 404);
  assert.equal((await api(url, { method: "POST", body: "{}" })).status, 422);
  assert.equal((await api(url, { method: "DELETE" })).status, 404, "not pinned");
  const audit = await api("/api/admin/audit-log");
  assert.equal(audit.status, 200);
  assert.equal((await api("/api/admin/audit-log", { headers: { Authorization: MONITOR } })).status, 403);
});

test("a phone's history keeps its newest 50 versions (HISTORY_PER_PHONE) and its pinned one", () => {
  const db = server.app.db;
  const mac = "00aabbccddee";
  const common = { hash: "history-bound", xmlPath: '["device","flat-profile"]', params: () => "[]" };
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
  saveHistoryVersions(db, at(0), common, [{ mac, fingerprint: "v0", own: "[]" }]);
  savePin(db, { mac, fingerprint: "v0", pinned_by: "admin", pinned_at: at(0) });
  for (let i = 1; i <= HISTORY_PER_PHONE + 10; i++) saveHistoryVersions(db, at(i), common, [{ mac, fingerprint: `v${i}`, own: `[["N","${i}","na"]]` }]);
  const kept = listHistoryVersions(db, mac).map((v) => v.fingerprint);
  assert.equal(kept.length, HISTORY_PER_PHONE + 1);
  assert.equal(kept[0], `v${HISTORY_PER_PHONE + 10}`);
  assert.ok(kept.includes("v0"), "the pinned version stays");
  assert.ok(!kept.includes("v1"), "the oldest unpinned ones go");
});
