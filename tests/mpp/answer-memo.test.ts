// A profile request asked again (same path, User-Agent and address) is answered from what was decided the first
// time in this config generation (core/mpp/answer-memo.ts): it must still count, be sighted, and follow a reload.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { getSighting } from "../../db/sightings.ts";
import { parseMetrics } from "../helpers/prometheus.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { configure } from "./configure.ts";

const PHONES = `phones:\n  desk:\n    mac: "00:11:22:33:44:55"\n    Station_Name: desk\n  lobby:\n    mac: "00:11:22:33:44:66"\n    Station_Name: lobby\n`;
const FILES = { "phones.yml": PHONES, "common.yml": "common:\n  Time_Format: 24hr\n" };
const ua = (mac: string, extra = "") => `Cisco-CP-8851-3PCC/12.0.2 (${mac})${extra}`;

let server: TestServer;
before(async () => (server = await startTestServer(FILES)));
after(() => server.close());

const fetchProfile = (path: string, userAgent: string) => server.get(path, { headers: { "User-Agent": userAgent } });

async function configRequests(mac: string): Promise<number> {
  const family = parseMetrics((await server.get("/metrics")).body).get("phone_config_requests_total")!;
  return Number(family.metrics.find((m) => m.labels?.phone_mac === mac)?.value ?? 0);
}

test("every repeated profile request counts in the metrics and in the phone's sighting", async () => {
  const mac = "001122334466";
  const countedBefore = await configRequests(mac);
  server.app.sightings.flush();
  const sightedBefore = getSighting(server.app.db, mac)?.config_requests ?? 0;
  const started = new Date().toISOString();
  for (let i = 0; i < 3; i++) assert.equal((await fetchProfile(`/${mac}.xml`, ua(mac))).status, 200);
  server.app.sightings.flush();
  const sighting = getSighting(server.app.db, mac)!;
  assert.equal(sighting.config_requests - sightedBefore, 3, "each request is sighted");
  assert.equal((await configRequests(mac)) - countedBefore, 3, "each request is counted");
  assert.match(sighting.last_config_at!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, "an ISO-8601 UTC time");
  assert.ok(sighting.last_config_at! >= started, "the time of the newest request");
  assert.equal(sighting.user_agent, ua(mac));
  assert.equal(sighting.model, "CP-8851-3PCC");
});

test("a phone that asked before gets its new profile after a config reload", async (t) => {
  const mac = "001122334455";
  assert.match((await fetchProfile(`/${mac}.xml`, ua(mac))).body, /<Station_Name ua="na">desk<\/Station_Name>/);
  configure(t, server, "phones.yml", PHONES.replace("Station_Name: desk", "Station_Name: front-desk"));
  assert.match((await fetchProfile(`/${mac}.xml`, ua(mac))).body, /<Station_Name ua="na">front-desk<\/Station_Name>/);
});

test("a phone asked for another phone's profile is refused every time, not only the first", async () => {
  for (let i = 0; i < 2; i++) assert.equal((await fetchProfile("/001122334466.xml", ua("001122334455"))).status, 403);
});

test("requests that keep varying are answered but remembered only up to a bound", async () => {
  const mac = "001122334455";
  for (let i = 0; i < 150; i++) assert.equal((await fetchProfile(`/${mac}.xml`, ua(mac, ` build-${i}`))).status, 200);
  const { phones, caches } = server.app.store.config;
  assert.ok(caches.profileAnswers.size <= 2 * phones.length + 100, `${caches.profileAnswers.size} remembered`);
});
