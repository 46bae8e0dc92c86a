// A real Digest client against the account API: curl --digest (MD5, and SHA-256, which curl 7.57+ answers when
// the challenge asks for it), with the From header FlexiAPI requires.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { seedAccount } from "../helpers/sip-api.ts";

const run = promisify(execFile);
const DOMAIN = "sip.example.com";
let server: TestServer;

before(async () => {
  server = await startTestServer({ "switchboard.yml": `accounts:\n  sip_domain: ${DOMAIN}\n` });
});
after(() => server.close());

async function curl(username: string, password: string): Promise<{ status: number; body: string }> {
  const { stdout } = await run("curl", [
    "--silent", "--digest", "--user", `${username}:${password}`, "--header", `From: sip:${username}@${DOMAIN}`,
    "--write-out", "\n%{http_code}", `${server.url}/api/accounts/me`,
  ]);
  const lines = stdout.split("\n");
  return { status: Number(lines.pop()), body: lines.join("\n") };
}

test("curl --digest signs in to an account with an MD5 password", async () => {
  seedAccount(server.app.db, { username: "curl-md5", domain: DOMAIN, algorithm: "MD5", password: "curl pw" });
  const res = await curl("curl-md5", "curl pw");
  assert.equal(res.status, 200, res.body);
  assert.equal(JSON.parse(res.body).username, "curl-md5");
});

test("curl --digest answers a SHA-256 challenge for an account with only a SHA-256 password", async () => {
  seedAccount(server.app.db, { username: "curl-sha", domain: DOMAIN, algorithm: "SHA-256", password: "sha pw" });
  const res = await curl("curl-sha", "sha pw");
  assert.equal(res.status, 200, res.body);
});

test("curl with a wrong password is refused", async () => {
  seedAccount(server.app.db, { username: "curl-wrong", domain: DOMAIN, password: "right" });
  assert.equal((await curl("curl-wrong", "wrong")).status, 401);
});
