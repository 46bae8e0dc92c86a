// Auth tokens as FlexiAPI 1.3.10's ApiAccountApiKeyTest::testAuthToken asserts them: anyone creates one, a
// signed-in account attaches it once, and it is traded once for that account's API key. Plus the five minutes.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call, seedAccount, seedApiKey } from "../helpers/sip-api.ts";

const DOMAIN = "sip.example.com";
let server: TestServer;
let n = 0;

before(async () => {
  server = await startTestServer({ "switchboard.yml": `accounts:\n  sip_domain: ${DOMAIN}\n` });
});
after(() => server.close());

function signedIn() {
  const account = seedAccount(server.app.db, { username: `user${++n}`, domain: DOMAIN, email: `user${n}@example.com` });
  const key = seedApiKey(server.app.db, account);
  return { account, get: (path: string) => call(server.url, "GET", path, { headers: { "x-api-key": key } }) };
}

const newToken = async (): Promise<string> => (await call(server.url, "POST", "/api/accounts/auth_token")).json().token;
const apiKeyFor = (token: string) => call(server.url, "GET", `/api/accounts/me/api_key/${token}`);
const attachPath = (token: string) => `/api/accounts/auth_token/${token}/attach`;

/** Moves a token's creation time back, as if it had been created `minutes` ago. */
function age(token: string, minutes: number): void {
  server.app.db.prepare("UPDATE auth_tokens SET created_at = ? WHERE token = ?").run(new Date(Date.now() - minutes * 60_000).toISOString(), token);
}

test("anyone gets an auth token (201, 32 characters)", async () => {
  const res = await call(server.url, "POST", "/api/accounts/auth_token");
  assert.equal(res.status, 201, res.body);
  assert.match(res.json().token, /^[0-9a-zA-Z]{32}$/);
});

test("an auth token nobody attached gives no API key (404)", async () => {
  assert.equal((await apiKeyFor(await newToken())).status, 404);
});

test("an account attaches an auth token once; again, or an unknown token, is 404", async () => {
  const token = await newToken();
  const { get } = signedIn();
  assert.equal((await get(attachPath(token))).status, 200);
  assert.equal((await get(attachPath(token))).status, 404);
  assert.equal((await get(attachPath("wrong_token"))).status, 404);
  assert.equal((await signedIn().get(attachPath(token))).status, 404, "another account cannot take it over");
});

test("attaching needs a signed-in account: an unknown From is 404, a wrong API key 401", async () => {
  assert.equal((await call(server.url, "GET", attachPath(await newToken()), { headers: { From: "sip:nobody@example.com" } })).status, 404);
  assert.equal((await call(server.url, "GET", attachPath(await newToken()), { headers: { "x-api-key": "not-a-key" } })).status, 401);
});

test("an attached auth token gives the account's API key once, as body and HttpOnly cookie; then 404", async () => {
  const token = await newToken();
  await signedIn().get(attachPath(token));
  const res = await apiKeyFor(token);
  assert.equal(res.status, 200, res.body);
  const { api_key } = res.json();
  assert.ok(api_key);
  assert.match(res.headers.get("set-cookie")![0], new RegExp(`^x-api-key=${api_key}; .*HttpOnly`));
  assert.equal((await apiKeyFor(token)).status, 404);
});

test("the API key from an auth token signs in as the account that attached it, whatever From says", async () => {
  const token = await newToken();
  const { account, get } = signedIn();
  await get(attachPath(token));
  const apiKey = (await apiKeyFor(token)).json().api_key;
  const me = await call(server.url, "GET", "/api/accounts/me", { headers: { "x-api-key": apiKey } });
  assert.equal(me.status, 200);
  const wrongFrom = await call(server.url, "GET", "/api/accounts/me", { headers: { "x-api-key": apiKey, From: "sip:baduser@server.tld" } });
  assert.equal(wrongFrom.status, 200);
  assert.equal(wrongFrom.json().email, account.email);
});

test("an auth token older than five minutes can be neither attached nor traded (404)", async () => {
  const { get } = signedIn();
  const stale = await newToken();
  age(stale, 6);
  assert.equal((await get(attachPath(stale))).status, 404);
  const attached = await newToken();
  assert.equal((await get(attachPath(attached))).status, 200);
  age(attached, 6);
  assert.equal((await apiKeyFor(attached)).status, 404);
});

test("expired auth tokens are deleted when a new one is created; live ones stay", async () => {
  const stale = await newToken();
  server.app.db.prepare("UPDATE auth_tokens SET created_at = ?").run(new Date(Date.now() - 10 * 60_000).toISOString());
  const live = await newToken();
  await newToken();
  const count = server.app.db.prepare("SELECT count(*) FROM auth_tokens WHERE created_at < ?").pluck();
  assert.equal(count.get(new Date(Date.now() - 5 * 60_000).toISOString()), 0, "no expired token is left");
  const left = server.app.db.prepare("SELECT token FROM auth_tokens WHERE token IN (?, ?)").pluck();
  assert.deepEqual(left.all(stale, live), [live]);
});
