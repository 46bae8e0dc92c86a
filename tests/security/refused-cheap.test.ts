// "Refused requests stay cheap" (issue 12, DESIGN §6): a refused request adds no metric label set (the label
// budget is 5,000 sets per metric, core/mpp/metrics.ts; past it new series collapse into "unknown") and leaves a
// short log line however long the headers it sent.
import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";
import { parseMetrics } from "../helpers/prometheus.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { captureLog } from "../helpers/log.ts";

const PHONES = `phones:
  desk:
    mac: "00:11:22:33:44:55"
    ip_address: "10.9.9.9"
    Station_Name: desk
  lobby:
    mac: "00:11:22:33:44:66"
    Station_Name: lobby
  hall:
    mac: "00:11:22:33:44:77"
    Station_Name: hall
`;
const PATHS = ["/001122334455.xml", "/001122334466.xml", "/001122334477.xml"];
const SERVICE = (discovery: boolean) => `auth:\n  enabled: false\nip_whitelist: ["10.0.0.0/8"]\ndiscovery:\n  enabled: ${discovery}\n`;

/** A server behind a trusted proxy (127.0.0.1), so each request can come from an address of its own. */
async function serve(t: TestContext, discovery: boolean, files: Record<string, string> = {}): Promise<TestServer> {
  const server = await startTestServer({ "phones.yml": PHONES, "serviceconfig.yml": SERVICE(discovery), "switchboard.yml": "trusted_proxies: ['127.0.0.1']\n", ...files });
  t.after(() => server.close());
  return server;
}

const from = (ip: string, headers: Record<string, string> = {}) => ({ headers: { "X-Forwarded-For": ip, ...headers } });
const address = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

async function configSeries(server: TestServer): Promise<{ ip: string; phone_mac: string; value: string }[]> {
  const res = await server.get("/metrics");
  const family = parseMetrics(res.body).get("phone_config_requests_total");
  return (family?.metrics ?? []).map((s) => ({ ip: s.labels!.ip, phone_mac: s.labels!.phone_mac, value: s.value! }));
}

/** `count` requests, `width` at a time. */
async function inBatches(count: number, width: number, one: (i: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < count; start += width) {
    await Promise.all(Array.from({ length: Math.min(width, count - start) }, (_, k) => one(start + k)));
  }
}

test("1,700 addresses refused in discovery mode leave a real phone its own metric series", async (t) => {
  const server = await serve(t, true);
  // Each address asks for each configured phone: 5,100 refusals, more than the 5,000 label sets a metric has.
  await inBatches(1700, 50, async (i) => {
    for (const path of PATHS) assert.equal((await server.get(path, from(address(i + 1)))).status, 404);
  });
  server.writeConfig("serviceconfig.yml", SERVICE(false));
  const desk = await server.get("/001122334455.xml", from("10.9.9.9"));
  assert.equal(desk.status, 200);
  const series = await configSeries(server);
  assert.deepEqual(series.find((s) => s.phone_mac === "001122334455"), { ip: "10.9.9.9", phone_mac: "001122334455", value: "1" }, "the desk's own series, not \"unknown\"");
  assert.deepEqual(series.find((s) => s.phone_mac === "unknown"), { ip: "unknown", phone_mac: "unknown", value: "5100" }, "the refusals share one series");
});

test("a refused request for another phone's profile adds no label set", async (t) => {
  const server = await serve(t, false);
  await inBatches(100, 50, async (i) => {
    const res = await server.get("/001122334466.xml", from(address(i + 1), { "User-Agent": "Cisco-CP-8851-3PCC/12.0.1 (001122334455)" }));
    assert.equal(res.status, 403);
  });
  assert.deepEqual(await configSeries(server), [{ ip: "unknown", phone_mac: "unknown", value: "100" }]);
});

test("refused and odd requests leave short log lines, whatever the length of their path and headers", async (t) => {
  const server = await serve(t, false, { "firmware.yml": 'firmware:\n  update_enabled: true\n  expected_version: "12.0.2"\n  upgrade_url: "http://fw/sip.loads"\n' });
  const lines = captureLog(t, "info");
  const long = "x".repeat(6 * 1024);
  const ua = (mac: string) => ({ "User-Agent": `Cisco-CP-8851-3PCC/${long} (${mac})` });
  const answers = [
    await server.get(`/${long}.xml`, from("192.0.2.1", ua("001122334455"))), // not an allowed address
    await server.get(`/${long}.xml`, from("10.0.0.1", { "User-Agent": long })), // an unknown phone
    await server.get("/001122334466.xml", from("10.0.0.1", { "User-Agent": "Cisco-CP-8851-3PCC/12.0.2 (001122334455)" })), // another phone's profile
    await server.get("/001122334455.xml", from("10.9.9.9", ua("001122334455"))), // an upgrade for a firmware "version" of 6 KB
  ];
  for (const line of lines) assert.ok(line.length < 1000, `a log line of ${line.length} characters: ${line.slice(0, 120)}…`);
  assert.ok(lines.length >= 4, `each left a line (${lines.length})`);
  assert.deepEqual(answers.map((r) => r.status), [403, 404, 403, 200]);
});
