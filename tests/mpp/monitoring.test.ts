import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { FakePhone } from "../fakes/phone.ts";
import { parseMetrics } from "../helpers/prometheus.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const FILES = {
  "phones.yml": `phones:\n  desk:\n    mac: "00:11:22:33:44:55"\n    Station_Name: desk\n  lobby:\n    mac: "00:11:22:33:44:66"\n    Station_Name: lobby\n`,
  "common.yml": "common:\n  Time_Format: 24hr\n",
  "firmware.yml": "firmware:\n  update_enabled: true\n  expected_version: \"12.0.2\"\n  upgrade_url: \"http://fw/sip.loads\"\n",
};
let server: TestServer;
before(async () => {
  server = await startTestServer(FILES);
});
after(() => server.close());

const SEED_METRICS = [
  "phone_config_requests_total", "phone_reports_received_total", "phone_config_differences", "phone_unexpected_params",
  "phone_activity_recent", "reports_recent", "phone_config_request_duration_seconds", "phone_firmware_updates_total",
  "process_cpu_seconds_total", "process_resident_memory_bytes", "process_start_time_seconds",
];

test("metrics count config requests, reports and firmware updates with bounded labels", async () => {
  const desk = new FakePhone({ mac: "001122334455", firmware: "12.0.2" });
  assert.equal((await desk.fetchProfile(server.url)).status, 200);
  assert.equal((await desk.fetchProfile(server.url)).status, 200);
  desk.config.Time_Format = "12hr";
  desk.config.Extra_Param = "1";
  assert.equal((await desk.postReport(server.url)).status, 200);
  const old = new FakePhone({ mac: "001122334466", firmware: "11.3.7" });
  assert.equal((await old.fetchProfile(server.url)).status, 200, "an upgrade profile");
  const stranger = new FakePhone({ mac: "0011223344ff", firmware: "12.0.2" });
  assert.equal((await stranger.fetchProfile(server.url)).status, 404);
  assert.equal((await stranger.postReport(server.url, { params: { A: "1" } })).status, 200);

  const res = await server.get("/metrics");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const m = parseMetrics(res.body);
  for (const name of SEED_METRICS) assert.ok(m.has(name), `${name} is exposed`);
  const requests = m.get("phone_config_requests_total")!;
  assert.equal(requests.type, "COUNTER");
  const byMac = new Map(requests.metrics.map((s) => [s.labels!.phone_mac, s]));
  assert.deepEqual(byMac.get("001122334455"), { value: "2", labels: { ip: "127.0.0.1", phone_mac: "001122334455" } });
  assert.deepEqual(byMac.get("unknown"), { value: "1", labels: { ip: "unknown", phone_mac: "unknown" } }, "an unknown phone's MAC and address are not labels");
  assert.equal(m.get("phone_config_request_duration_seconds")!.metrics[0].count, "4");
  assert.deepEqual(m.get("phone_firmware_updates_total")!.metrics, [{ value: "1", labels: { current_version: "11.3.7", expected_version: "12.0.2", phone_model: "CP-8841-3PCC" } }]);
  const reports = m.get("phone_reports_received_total")!.metrics.map((s) => [s.labels!.phone_mac, s.labels!.report_type, s.value]);
  assert.deepEqual(reports.sort(), [["001122334455", "config", "1"], ["unknown", "config", "1"]]);
  const gauge = (name: string) => m.get(name)!.metrics[0].value;
  assert.equal(gauge("phone_config_differences"), "1", "desk drifts; a phone not in phones.yml does not count");
  assert.equal(gauge("phone_unexpected_params"), "1");
  assert.equal(gauge("reports_recent"), "2");
  assert.equal(gauge("phone_activity_recent"), "3");
  assert.ok(Number(gauge("process_cpu_seconds_total")) > 0);
  assert.ok(Number(gauge("process_resident_memory_bytes")) > 1e6);
});

test("/status reports state, gauges and settings but never a password", async () => {
  server.writeConfig("serviceconfig.yml", "ip_whitelist: [127.0.0.1]\ndiscovery: {enabled: true}\nauth:\n  enabled: false\n  users:\n    admin: {username: admin, password: topsecret99, role: admin}\n");
  const res = await server.get("/status");
  assert.equal(res.status, 200);
  const s = JSON.parse(res.body);
  assert.equal(s.status, "discovery");
  assert.equal(s.phones_configured, 2);
  assert.deepEqual(s.config.errors, []);
  assert.equal(s.metrics.phone_config_differences, 1);
  assert.equal(s.service_config.auth_users, 1);
  assert.equal(s.service_config.auth_plaintext_passwords, 1);
  assert.doesNotMatch(res.body, /topsecret99/);
});

test("a config error shows on /status while the last good config is served", async () => {
  server.writeConfig("phones.yml", "phones: [unclosed");
  const s = JSON.parse((await server.get("/status")).body);
  assert.equal(s.phones_configured, 2);
  assert.equal(s.config.errors[0].file, "phones.yml");
  server.writeConfig("phones.yml", FILES["phones.yml"]);
});

test("/metrics is 404 when monitoring.metrics_enabled is false", async () => {
  server.writeConfig("serviceconfig.yml", "ip_whitelist: [127.0.0.1]\nauth: {enabled: false}\nmonitoring: {metrics_enabled: false}\n");
  assert.equal((await server.get("/metrics")).status, 404);
  server.writeConfig("serviceconfig.yml", "ip_whitelist: [127.0.0.1]\nauth: {enabled: false}\n");
});
