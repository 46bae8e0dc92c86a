// Discovery mode, the IP allowlist and X-Forwarded-For from trusted and untrusted peers. Each test starts a
// server with the access settings it is about, so no test runs under another's serviceconfig.yml.
import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { profileParams } from "../helpers/xml.ts";

const PHONES = `phones:
  phone-01:
    mac: "00:11:22:33:44:55"
    ip_address: "192.168.1.10"
    Station_Name: "phone-01"
  phone-02:
    mac: "00:11:22:33:44:66"
    ip_address: "192.168.1.11"
    Station_Name: "phone-02"
`;

/** A server of this test's own: serviceconfig.yml is `service` (auth off), switchboard.yml only when given. */
async function serve(t: TestContext, service: string, switchboard?: string): Promise<TestServer> {
  const files: Record<string, string> = { "phones.yml": PHONES, "serviceconfig.yml": `auth:\n  enabled: false\n${service}` };
  if (switchboard) files["switchboard.yml"] = switchboard;
  const server = await startTestServer(files);
  t.after(() => server.close());
  return server;
}

test("a client that is neither a phone's address nor whitelisted gets 403", async (t) => {
  const server = await serve(t, "ip_whitelist: []\n");
  const res = await server.get("/phone-01.xml");
  assert.equal(res.status, 403);
  assert.match(res.body, /Access denied: 127\.0\.0\.1 is not an allowed phone address/);
});

test("ip_whitelist accepts single addresses and CIDR ranges", async (t) => {
  for (const entry of ["127.0.0.1", "127.0.0.0/8"]) {
    const server = await serve(t, `ip_whitelist: ["${entry}"]\n`);
    assert.equal((await server.get("/phone-01.xml")).status, 200, entry);
  }
  const elsewhere = await serve(t, `ip_whitelist: ["10.0.0.0/8"]\n`);
  assert.equal((await elsewhere.get("/phone-01.xml")).status, 403, "a range that does not hold the client");
});

test("a spoofed X-Forwarded-For from an untrusted peer is ignored", async (t) => {
  const server = await serve(t, "ip_whitelist: []\n", "trusted_proxies: []\n");
  const res = await server.get("/phone-01.xml", { headers: { "X-Forwarded-For": "192.168.1.10" } });
  assert.equal(res.status, 403, "192.168.1.10 is phone-01's address, so believing the header would let it in");
});

test("X-Forwarded-For from a trusted proxy identifies the phone and its address", async (t) => {
  const server = await serve(t, "ip_whitelist: []\n", "trusted_proxies: ['127.0.0.1']\n");
  const res = await server.get("/anything.xml", { headers: { "X-Forwarded-For": "192.168.1.11" } });
  assert.equal(res.status, 200);
  assert.equal(profileParams(res.body).get("Station_Name")?.value, "phone-02", "found by the forwarded address");
});

test("behind a trusted proxy the allowlist checks the forwarded address, not the proxy's", async (t) => {
  const server = await serve(t, "ip_whitelist: [127.0.0.1]\n", "trusted_proxies: ['127.0.0.1']\n");
  assert.equal((await server.get("/phone-01.xml")).status, 200, "the proxy's own address is whitelisted");
  const other = await server.get("/phone-01.xml", { headers: { "X-Forwarded-For": "203.0.113.9" } });
  assert.equal(other.status, 403);
});

test("discovery mode serves no configuration and no bootstrap", async (t) => {
  const server = await serve(t, `discovery:\n  enabled: true\n  exclude_macs: ["00:11:22:33:44:66"]\nip_whitelist: []\n`);
  const blocked = await server.get("/phone-01.xml");
  assert.equal(blocked.status, 404);
  assert.match(blocked.body, /Discovery mode/);
  const byUa = await server.get("/CP-8841-3PCC.xml", { headers: { "User-Agent": "Cisco-CP-8841-3PCC/12.0.1 (001122334455)" } });
  assert.equal(byUa.status, 404, "a configured phone found by its User-Agent gets nothing");
  const unknown = await server.get("/CP-8841-3PCC.xml", { headers: { "User-Agent": "Cisco-CP-8841-3PCC/12.0.1 (d4adbeef0001)" } });
  assert.equal(unknown.status, 404, "no bootstrap either (outside discovery mode this phone gets one)");
});

test("in discovery mode excluded MACs are served, by MAC and by phone ID", async (t) => {
  const server = await serve(t, `discovery:\n  enabled: true\n  exclude_macs: ["00:11:22:33:44:66"]\nip_whitelist: []\n`);
  const excluded = await server.get("/001122334466.xml");
  assert.equal(excluded.status, 200, "excluded MACs are served without the allowlist, as the seed documents");
  assert.equal(profileParams(excluded.body).get("Station_Name")?.value, "phone-02");
  const excludedById = await server.get("/phone-02.xml");
  assert.equal(excludedById.status, 200, "the phone ID resolves to the excluded MAC");
});
