// /metrics and /status. The shared server's phones are at work once, in `before`, and the tests read what that
// left; a test that adds traffic starts a server of its own, one that changes a config file undoes it.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { hashPassword } from "../../lib/basic-auth.ts";
import { FakePhone } from "../fakes/phone.ts";
import { parseMetrics, type ParsedFamily } from "../helpers/prometheus.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { configure } from "./configure.ts";

const FILES = {
  "phones.yml": `phones:\n  desk:\n    mac: "00:11:22:33:44:55"\n    Station_Name: desk\n  lobby:\n    mac: "00:11:22:33:44:66"\n    Station_Name: lobby\n`,
  "common.yml": "common:\n  Time_Format: 24hr\n",
  "firmware.yml": "firmware:\n  update_enabled: true\n  expected_version: \"12.0.2\"\n  upgrade_url: \"http://fw/sip.loads\"\n",
};
const SERVICE = "ip_whitelist: [127.0.0.1]\n";

/**
 * The desk fetches its profile twice and reports drift (Time_Format, Extra_Param); the lobby phone runs old
 * firmware and gets an upgrade profile; a phone not in phones.yml is refused a profile and reports anyway.
 */
async function phonesAtWork(on: TestServer): Promise<void> {
  const desk = new FakePhone({ mac: "001122334455", firmware: "12.0.2" });
  assert.equal((await desk.fetchProfile(on.url)).status, 200);
  assert.equal((await desk.fetchProfile(on.url)).status, 200);
  desk.config.Time_Format = "12hr";
  desk.config.Extra_Param = "1";
  assert.equal((await desk.postReport(on.url)).status, 200);
  const old = new FakePhone({ mac: "001122334466", firmware: "11.3.7" });
  assert.equal((await old.fetchProfile(on.url)).status, 200, "an upgrade profile");
  const stranger = new FakePhone({ mac: "0011223344ff", firmware: "12.0.2" });
  assert.equal((await stranger.fetchProfile(on.url)).status, 404);
  assert.equal((await stranger.postReport(on.url, { params: { A: "1" } })).status, 200);
}

let server: TestServer;
before(async () => {
  server = await startTestServer(FILES);
  await phonesAtWork(server);
});
after(() => server.close());

async function scrape(from: TestServer): Promise<Map<string, ParsedFamily>> {
  const res = await from.get("/metrics");
  assert.equal(res.status, 200);
  return parseMetrics(res.body);
}
const gauge = (m: Map<string, ParsedFamily>, name: string) => m.get(name)!.metrics[0].value;

const SEED_METRICS = [
  "phone_config_requests_total", "phone_reports_received_total", "phone_config_differences", "phone_unexpected_params",
  "phone_activity_recent", "reports_recent", "phone_config_request_duration_seconds", "phone_firmware_updates_total",
  "process_cpu_seconds_total", "process_resident_memory_bytes", "process_start_time_seconds",
];

test("/metrics is Prometheus text with every metric the seed service exposed", async () => {
  const res = await server.get("/metrics");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const m = parseMetrics(res.body);
  for (const name of SEED_METRICS) assert.ok(m.has(name), `${name} is exposed`);
});

test("config requests are counted per configured phone; an unknown phone's MAC and address are not labels", async () => {
  const requests = (await scrape(server)).get("phone_config_requests_total")!;
  assert.equal(requests.type, "COUNTER");
  const byMac = new Map(requests.metrics.map((s) => [s.labels!.phone_mac, s]));
  assert.deepEqual(byMac.get("001122334455"), { value: "2", labels: { ip: "127.0.0.1", phone_mac: "001122334455" } });
  assert.deepEqual(byMac.get("unknown"), { value: "1", labels: { ip: "unknown", phone_mac: "unknown" } }, "an unknown phone's MAC and address are not labels");
});

test("every config request is timed, served or refused", async () => {
  assert.equal((await scrape(server)).get("phone_config_request_duration_seconds")!.metrics[0].count, "4", "the desk's two, the upgrade and the stranger's 404");
});

test("an upgrade profile is counted by versions and model, not by phone", async () => {
  assert.deepEqual((await scrape(server)).get("phone_firmware_updates_total")!.metrics, [{ value: "1", labels: { current_version: "11.3.7", expected_version: "12.0.2", phone_model: "CP-8841-3PCC" } }]);
});

test("reports are counted by phone and type; a phone not in phones.yml counts as unknown", async () => {
  const reports = (await scrape(server)).get("phone_reports_received_total")!.metrics.map((s) => [s.labels!.phone_mac, s.labels!.report_type, s.value]);
  assert.deepEqual(reports.sort(), [["001122334455", "config", "1"], ["unknown", "config", "1"]]);
});

test("the drift gauges count configured phones that differ, not phones that match or are not configured", async (t) => {
  const own = await startTestServer(FILES);
  t.after(() => own.close());
  await phonesAtWork(own);
  const lobby = new FakePhone({ mac: "001122334466" });
  assert.equal((await lobby.postReport(own.url, { params: { Station_Name: "lobby", Time_Format: "24hr" } })).status, 200, "a report that matches");
  const m = await scrape(own);
  assert.equal(gauge(m, "phone_config_differences"), "1", "desk drifts; a phone not in phones.yml does not count");
  assert.equal(gauge(m, "phone_unexpected_params"), "1");
});

test("the activity gauges count the phones and reports seen recently", async () => {
  const m = await scrape(server);
  assert.equal(gauge(m, "reports_recent"), "2");
  assert.equal(gauge(m, "phone_activity_recent"), "3", "desk, lobby and the stranger, however often each asked");
});

test("the process metrics measure this process", async () => {
  const m = await scrape(server);
  assert.ok(Number(gauge(m, "process_cpu_seconds_total")) > 0);
  assert.ok(Number(gauge(m, "process_resident_memory_bytes")) > 1e6);
});

test("the event-loop lag gauges show a stall since the previous scrape, and start afresh at each scrape", async () => {
  await scrape(server); // a fresh interval starts
  const until = Date.now() + 80;
  while (Date.now() < until); // the test server runs on this event loop: it stalls for 80 ms
  await sleep(30);
  const stalled = await scrape(server);
  assert.ok(Number(gauge(stalled, "nodejs_eventloop_lag_max_seconds")) >= 0.06, "the stall shows");
  assert.ok(Number(gauge(stalled, "nodejs_eventloop_lag_p50_seconds")) < 0.06, "the median is not the stall");
  assert.ok(Number(gauge(await scrape(server), "nodejs_eventloop_lag_max_seconds")) < 0.06, "the next interval starts afresh");
});

test("/status shows discovery mode, the phones configured and their drift", async (t) => {
  configure(t, server, "serviceconfig.yml", `${SERVICE}discovery: {enabled: true}\nauth: {enabled: false}\n`);
  const res = await server.get("/status");
  assert.equal(res.status, 200);
  const s = JSON.parse(res.body);
  assert.equal(s.status, "discovery");
  assert.equal(s.phones_configured, 2);
  assert.deepEqual(s.config.errors, []);
  assert.equal(s.metrics.phone_config_differences, 1, "the desk's report differs");
});

test("/status counts the auth users and their plaintext passwords but never shows a password", async (t) => {
  const hash = hashPassword("hashed-secret");
  const users = `  users:\n    admin: {username: admin, password: topsecret99, role: admin}\n    monitor: {username: monitor, password: "${hash}", role: monitor}\n`;
  configure(t, server, "serviceconfig.yml", `${SERVICE}auth:\n  enabled: false\n${users}`);
  const res = await server.get("/status");
  assert.equal(res.status, 200);
  const s = JSON.parse(res.body);
  assert.equal(s.service_config.auth_users, 2);
  assert.equal(s.service_config.auth_plaintext_passwords, 1, "the hashed one is not plaintext");
  assert.doesNotMatch(res.body, /topsecret99/);
  assert.ok(!res.body.includes(hash), "nor a hash");
});

test("a config error shows on /status while the last good config is served", async (t) => {
  configure(t, server, "phones.yml", "phones: [unclosed");
  const s = JSON.parse((await server.get("/status")).body);
  assert.equal(s.phones_configured, 2);
  assert.equal(s.config.errors[0].file, "phones.yml");
});

test("/metrics is 404 when monitoring.metrics_enabled is false", async (t) => {
  configure(t, server, "serviceconfig.yml", `${SERVICE}auth: {enabled: false}\nmonitoring: {metrics_enabled: false}\n`);
  assert.equal((await server.get("/metrics")).status, 404);
});
