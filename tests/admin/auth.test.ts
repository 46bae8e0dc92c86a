import assert from "node:assert/strict";
import { after, before, test, type TestContext } from "node:test";
import { hashPassword } from "../../lib/basic-auth.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { captureLog } from "../helpers/log.ts";

const serviceconfig = (enabled: boolean) => `ip_whitelist: [127.0.0.1]
auth:
  enabled: ${enabled}
  users:
    admin: {username: admin, password: "${hashPassword("admin-pass")}", role: admin}
    monitor: {username: monitor, password: "monitor-pass", role: monitor}
    user: {username: dialer, password: "user-pass", role: user}
`;
// Signing in changes nothing on the server, so those tests share one; locking an address out and switching
// auth off are done on servers of their own.
let server: TestServer;
before(async () => {
  server = await startTestServer({ "serviceconfig.yml": serviceconfig(true) });
});
after(() => server.close());

async function serve(t: TestContext, authEnabled: boolean): Promise<TestServer> {
  const own = await startTestServer({ "serviceconfig.yml": serviceconfig(authEnabled) });
  t.after(() => own.close());
  return own;
}

const basic = (user: string, pass: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}` });
const as = (user: string, pass: string, path: string, on = server) => on.get(path, { headers: basic(user, pass) });

const ADMIN_ONLY = ["/reports", "/report-detail/1", "/compare/001122334455", "/contact-sources", "/api/admin/dashboard", "/api/admin/reports", "/export-unexpected/001122334455"];

test("without credentials every admin and monitoring URL asks for them", async () => {
  for (const path of ["/", ...ADMIN_ONLY, "/status", "/metrics"]) {
    const res = await server.get(path);
    assert.equal(res.status, 401, path);
    assert.match(res.headers.get("www-authenticate")!, /^Basic realm="Switchboard"/, path);
  }
});

test("the admin pages' HTML is not reachable around sign-in through the static files", async () => {
  for (const path of ["/admin/dashboard.html", "/admin/contact-sources.html", "/ADMIN/reports.HTML"]) assert.equal((await server.get(path)).status, 404, path);
  assert.equal((await server.get("/admin/admin.js")).status, 200, "their scripts are plain static files");
});

test("an admin (hashed password) opens everything", async () => {
  for (const path of ["/", "/reports", "/api/admin/dashboard", "/status", "/metrics"]) assert.equal((await as("admin", "admin-pass", path)).status, 200, path);
  const page = await as("admin", "admin-pass", "/");
  assert.match(page.headers.get("content-type")!, /^text\/html/);
});

test("a monitor reads status and metrics but no admin page; a user neither", async () => {
  assert.equal((await as("monitor", "monitor-pass", "/status")).status, 200);
  assert.equal((await as("monitor", "monitor-pass", "/metrics")).status, 200);
  for (const path of ADMIN_ONLY) assert.equal((await as("monitor", "monitor-pass", path)).status, 403, path);
  assert.equal((await as("dialer", "user-pass", "/status")).status, 403);
  const page = await as("monitor", "monitor-pass", "/reports");
  assert.match(page.body, /may not open this page/, "a readable page, not JSON");
});

test("/ sends a monitor to /status and a user to the dialer instead of refusing them", async () => {
  const monitor = await as("monitor", "monitor-pass", "/");
  assert.equal(monitor.status, 303);
  assert.equal(monitor.headers.get("location"), "/status");
  const user = await as("dialer", "user-pass", "/index.php");
  assert.equal(user.status, 303);
  assert.equal(user.headers.get("location"), "/call");
  assert.equal((await as("admin", "admin-pass", "/")).status, 200, "the admin's dashboard");
});

test("more than 10 failures a minute lock the address out with 429", async (t) => {
  const own = await serve(t, true);
  for (let i = 0; i < 11; i++) assert.equal((await as("admin", `wrong-${i}`, "/status", own)).status, 401);
  const locked = await as("admin", "admin-pass", "/status", own);
  assert.equal(locked.status, 429, "even the right password waits");
  assert.equal(locked.headers.get("retry-after"), "60");
});

test("auth.enabled: false opens everything, as the seed does", async (t) => {
  const own = await serve(t, false);
  for (const path of ["/", "/api/admin/dashboard", "/status"]) assert.equal((await own.get(path)).status, 200, path);
});

test("plaintext passwords are accepted with a warning at start; hashed ones without", async (t) => {
  const lines = captureLog(t, "warn");
  await serve(t, true);
  const warning = lines.find((l) => l.includes("plaintext passwords"));
  assert.ok(warning, lines.join(""));
  assert.match(warning, /user\(s\) monitor, dialer have plaintext passwords/);
  assert.doesNotMatch(warning, /admin,|monitor-pass|user-pass/);
});

test("with sign-in on and no users, a sign-in is told that nobody can sign in and why, not 'wrong password'", async (t) => {
  const own = await startTestServer({ "serviceconfig.yml": "ip_whitelist:\n  - 127.0.0.1\nauth:\n  enabled: true\n" });
  t.after(() => own.close());
  const res = await as("admin", "anything", "/status", own);
  assert.equal(res.status, 401);
  assert.match(res.body, /Nobody can sign in: serviceconfig\.yml lists no users/);
});
