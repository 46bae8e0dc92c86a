// /status for people and for scripts: a browser (Accept: text/html) gets a readable page, everything else the
// JSON monitoring reads; a cache keeps them apart (Vary: Accept). Nothing secret on either.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer({
    "serviceconfig.yml": "ip_whitelist: [127.0.0.1]\nauth:\n  enabled: true\n  users:\n    admin: {username: admin, password: s3cret-admin, role: admin}\n",
    "switchboard.yml": "name: Acme <Phones>\n",
  });
});
after(() => server.close());

const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
const status = (accept?: string) => server.get("/status", {
  headers: { Authorization: `Basic ${Buffer.from("admin:s3cret-admin").toString("base64")}`, ...(accept ? { Accept: accept } : {}) },
});

test("a browser gets a page: the facts in sentences, the instance's name, no password", async () => {
  const res = await status(BROWSER_ACCEPT);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /^text\/html/);
  assert.equal(res.headers.get("vary"), "Accept");
  assert.match(res.body, /<title>Status · Acme &#60;Phones&#62;<\/title>/, "the name, escaped");
  assert.match(res.body, /<th scope="row">Sign-in<\/th><td>1 user, <strong>1 plaintext password<\/strong>/, "singular counts");
  assert.doesNotMatch(res.body, /s3cret-admin/);
  // An HTML parser that is not ours reads it without complaint.
  execFileSync("xmllint", ["--html", "--noout", "-"], { input: res.body });
});

test("scripts get JSON: with Accept: application/json, with */*, and with no Accept at all", async () => {
  for (const accept of ["application/json", "*/*", undefined, "text/html;q=0.5, application/json"]) {
    const res = await status(accept);
    assert.match(res.headers.get("content-type")!, /^application\/json/, String(accept));
    assert.equal(res.headers.get("vary"), "Accept");
    assert.equal(JSON.parse(res.body).status, "active");
  }
});
