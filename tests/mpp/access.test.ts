// Discovery mode, the IP allowlist and X-Forwarded-For from trusted and untrusted peers.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
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
const service = (extra: string) => `auth:\n  enabled: false\n${extra}`;

let server: TestServer;
before(async () => {
  server = await startTestServer({ "phones.yml": PHONES, "serviceconfig.yml": service("ip_whitelist: []\n") });
});
after(() => server.close());

test("a client that is neither a phone's address nor whitelisted gets 403", async () => {
  const res = await server.get("/phone-01.xml");
  assert.equal(res.status, 403);
  assert.match(res.body, /Access denied: 127\.0\.0\.1 is not an allowed phone address/);
});

test("ip_whitelist accepts single addresses and CIDR ranges", async () => {
  for (const entry of ["127.0.0.1", "127.0.0.0/8"]) {
    server.writeConfig("serviceconfig.yml", service(`ip_whitelist: ["${entry}"]\n`));
    assert.equal((await server.get("/phone-01.xml")).status, 200, entry);
  }
  server.writeConfig("serviceconfig.yml", service(`ip_whitelist: ["10.0.0.0/8"]\n`));
  assert.equal((await server.get("/phone-01.xml")).status, 403);
});

test("a spoofed X-Forwarded-For from an untrusted peer is ignored", async () => {
  server.writeConfig("serviceconfig.yml", service("ip_whitelist: []\n"));
  server.writeConfig("switchboard.yml", "trusted_proxies: []\n");
  const res = await server.get("/phone-01.xml", { headers: { "X-Forwarded-For": "192.168.1.10" } });
  assert.equal(res.status, 403);
});

test("X-Forwarded-For from a trusted proxy identifies the phone and its address", async () => {
  server.writeConfig("serviceconfig.yml", service("ip_whitelist: []\n"));
  server.writeConfig("switchboard.yml", "trusted_proxies: ['127.0.0.1']\n");
  try {
    const res = await server.get("/anything.xml", { headers: { "X-Forwarded-For": "192.168.1.11" } });
    assert.equal(res.status, 200);
    assert.equal(profileParams(res.body).get("Station_Name")?.value, "phone-02", "found by the forwarded address");
    const other = await server.get("/phone-01.xml", { headers: { "X-Forwarded-For": "203.0.113.9" } });
    assert.equal(other.status, 403);
  } finally {
    server.writeConfig("switchboard.yml", "trusted_proxies: []\n");
  }
});

test("discovery mode serves no configuration, except to excluded MACs", async () => {
  server.writeConfig("serviceconfig.yml", service(`discovery:\n  enabled: true\n  exclude_macs: ["00:11:22:33:44:66"]\nip_whitelist: []\n`));
  try {
    const blocked = await server.get("/phone-01.xml");
    assert.equal(blocked.status, 404);
    assert.match(blocked.body, /Discovery mode/);
    const byUa = await server.get("/CP-8841-3PCC.xml", { headers: { "User-Agent": "Cisco-CP-8841-3PCC/12.0.1 (001122334455)" } });
    assert.equal(byUa.status, 404, "no bootstrap either");
    const excluded = await server.get("/001122334466.xml");
    assert.equal(excluded.status, 200, "excluded MACs are served without the allowlist, as the seed documents");
    assert.equal(profileParams(excluded.body).get("Station_Name")?.value, "phone-02");
    const excludedById = await server.get("/phone-02.xml");
    assert.equal(excludedById.status, 200, "the phone ID resolves to the excluded MAC");
  } finally {
    server.writeConfig("serviceconfig.yml", service("ip_whitelist: []\n"));
  }
});
