// GET /api/dialer/access: whether the browser asking may use the desk-phone dialer, answered without ever asking it
// to sign in (pages open to everyone, such as the contacts viewer, ask before linking to /call).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
const SERVICE = `auth:
  enabled: true
  users:
    boss: {username: "boss", password: "admin-pw", role: "admin"}
    clerk: {username: "clerk", password: "user-pw", role: "user"}
    watcher: {username: "watcher", password: "mon-pw", role: "monitor"}
`;
const basic = (u: string, p: string) => ({ Authorization: "Basic " + Buffer.from(`${u}:${p}`).toString("base64") });

before(async () => {
  // Behind a trusted proxy (127.0.0.1), so a test can fail sign-ins from an address of its own.
  server = await startTestServer({ "serviceconfig.yml": SERVICE, "switchboard.yml": "trusted_proxies: [127.0.0.1]\n" });
});
after(() => server.close());

test("users and admins may dial; a monitor, a stranger and a wrong password may not, and nobody is challenged", async () => {
  for (const [headers, dialer] of [[basic("clerk", "user-pw"), true], [basic("boss", "admin-pw"), true], [basic("watcher", "mon-pw"), false], [basic("clerk", "wrong"), false], [{}, false]] as const) {
    const res = await server.get("/api/dialer/access", { headers });
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), { dialer }, JSON.stringify(headers));
    assert.equal(res.headers.get("www-authenticate"), null, "no sign-in prompt");
    assert.equal(res.headers.get("cache-control"), "no-store");
  }
});

test("wrong passwords here count as failed sign-ins of the address", async () => {
  const from = { "X-Forwarded-For": "203.0.113.9" };
  for (let i = 0; i < 11; i++) await server.get("/api/dialer/access", { headers: { ...from, ...basic("clerk", `guess${i}`) } });
  assert.equal(server.app.signInFailures.isBlocked("203.0.113.9", "clerk"), true);
  assert.deepEqual(JSON.parse((await server.get("/api/dialer/access", { headers: { ...from, ...basic("clerk", "user-pw") } })).body), { dialer: false });
  assert.equal((await server.get("/call", { headers: { ...from, ...basic("clerk", "user-pw") } })).status, 429, "as on the dialer itself");
});

test("with sign-in switched off everyone may dial, as on /call", async (t) => {
  server.writeConfig("serviceconfig.yml", "auth:\n  enabled: false\n");
  t.after(() => server.writeConfig("serviceconfig.yml", SERVICE));
  assert.deepEqual(JSON.parse((await server.get("/api/dialer/access")).body), { dialer: true });
});
