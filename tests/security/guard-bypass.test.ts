// Admin page shells are reachable only through their guarded routes (issue 12): no other spelling of their path
// (`//admin/…`, `/%2fadmin/…`, a trailing slash) gets the static files route to serve them. Raw requests, so the
// path reaches the server exactly as written.
import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, test } from "node:test";
import { ADMIN_AND_MONITOR_SERVICECONFIG, startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer({ "serviceconfig.yml": ADMIN_AND_MONITOR_SERVICECONFIG });
});
after(() => server.close());

/** Sends `GET <target>` as written and answers with the status line and the body. */
function rawGet(target: string): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    // Written, not ended: a client that half-closes has its request dropped by Node before the answer.
    const socket = connect(server.port, "127.0.0.1", () => socket.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    let data = "";
    socket.setEncoding("utf8");
    socket.on("data", (d) => (data += d));
    socket.on("error", fail);
    socket.on("close", () => ok({ status: Number(data.slice(9, 12)), body: data.slice(data.indexOf("\r\n\r\n") + 4) }));
  });
}

const SPELLINGS = [
  "//admin/dashboard.html",
  "///admin/reports.html",
  "/%2fadmin/dashboard.html",
  "/%2Fadmin/report-detail.html",
  "/admin/dashboard.html/",
  "/admin//dashboard.html",
  "/css/..%2fadmin/dashboard.html",
  "/%2e/admin/dashboard.html",
];

test("no other spelling of an admin page's path serves its shell without sign-in", async () => {
  for (const target of SPELLINGS) {
    const res = await rawGet(target);
    assert.equal(res.status, 404, `${target} answered ${res.status}`);
    assert.doesNotMatch(res.body, /<script/i, `${target}: not the page's shell`);
  }
});

test("the admin pages still open through their routes, and the static files are still served", async () => {
  assert.equal((await rawGet("/")).status, 401, "the dashboard asks for sign-in");
  assert.equal((await rawGet("/admin/admin.js")).status, 200);
  assert.equal((await rawGet("/css/style.css")).status, 200);
  const signedIn = await server.get("/", { headers: { Authorization: `Basic ${Buffer.from("admin:admin-pass").toString("base64")}` } });
  assert.equal(signedIn.status, 200);
  assert.match(signedIn.body, /<script/i);
});

test("every HTML answer carries the page security headers: CSP without inline script, no framing, Referrer-Policy, nosniff", async () => {
  const admin = { Authorization: `Basic ${Buffer.from("admin:admin-pass").toString("base64")}` };
  const pages: [string, RequestInit?][] = [["/", { headers: admin }], ["/reports", { headers: admin }], ["/contact-sources", { headers: admin }], ["/accounts", { headers: admin }], ["/call", { headers: admin }], ["/contacts"], ["/reports"], ["/no-such-page.html"]];
  for (const [path, init] of pages) {
    const res = await server.get(path, init);
    assert.match(res.headers.get("content-type") ?? "", /^text\/html/, path);
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, /script-src 'self'(;|$)/, `${path}: ${csp}`);
    assert.doesNotMatch(csp, /unsafe-inline/, path);
    assert.match(csp, /frame-ancestors 'none'/, path);
    assert.equal(res.headers.get("x-frame-options"), "DENY", path);
    assert.ok(res.headers.get("referrer-policy"), path);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
  }
});
