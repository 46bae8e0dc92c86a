// public_url when switchboard.yml sets none: derived from where the server listens, so the links handed to
// phones (bootstrap Profile_Rule, directoryURL) reach this server, with the port it really got.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { ConfigStore } from "../../core/config/store.ts";
import { isLoopbackHost, lanAddress } from "../../lib/listen-address.ts";
import { startTestServer } from "../helpers/server.ts";
import { profileParams } from "../helpers/xml.ts";

process.env.LOG_LEVEL = "silent";

function folder(t: TestContext, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-public-url-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [f, y] of Object.entries(files)) writeFileSync(join(dir, f), y);
  return dir;
}

test("an empty public_url (as the example ships) is derived from the address the server listens on", (t) => {
  const sb = new ConfigStore(folder(t, { "switchboard.yml": 'public_url: ""\n' }), { host: "10.1.2.3", port: 8081 }).config.switchboard;
  assert.equal(sb.public_url, "http://10.1.2.3:8081");
  assert.equal(sb.public_url_derived, true);
});

test("listening on all addresses, the derived public_url is this machine's LAN address, not localhost", (t) => {
  const sb = new ConfigStore(folder(t, {}), { host: "0.0.0.0", port: 8080 }).config.switchboard;
  const lan = lanAddress();
  if (!lan) return t.skip("this machine has no LAN address (then localhost is all there is)");
  assert.equal(sb.public_url, `http://${lan.includes(":") ? `[${lan}]` : lan}:8080`);
  assert.equal(isLoopbackHost(new URL(sb.public_url).hostname), false);
});

test("a public_url that is set is taken as written and not marked derived", (t) => {
  const sb = new ConfigStore(folder(t, { "switchboard.yml": 'public_url: "https://pbx.example.com/"\n' }), { host: "0.0.0.0", port: 8080 }).config.switchboard;
  assert.equal(sb.public_url, "https://pbx.example.com");
  assert.equal(sb.public_url_derived, false);
  assert.equal(sb.accounts.sip_domain, "pbx.example.com");
});

test("the default SIP domain does not follow a derived public_url (it must not change with the network)", (t) => {
  const sb = new ConfigStore(folder(t, {}), { host: "10.1.2.3", port: 8080 }).config.switchboard;
  assert.equal(sb.accounts.sip_domain, "localhost");
});

test("with PORT=0 and no public_url, the bootstrap profile points phones at the port the server got", async (t) => {
  const server = await startTestServer({ "phones.yml": "phones: {}\n" });
  t.after(() => server.close());
  assert.notEqual(server.port, 0);
  const res = await server.get("/CP-8841-3PCC.xml");
  assert.equal(res.status, 200);
  assert.equal(profileParams(res.body).get("Profile_Rule")?.value, `http://127.0.0.1:${server.port}/$MA.xml`);
});
