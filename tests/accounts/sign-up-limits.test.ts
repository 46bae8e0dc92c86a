// Sign-up without an admin is limited (core/accounts/sign-up-limits.ts): request tokens per client address, account
// creations with a token per address and per username; a 429's Retry-After is what is left of the block of the
// limiter that refused, for sign-ins (limitedSignIn) as for sign-ups.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { SIGN_UP_ATTEMPTS, SIGN_UP_BLOCK_SECONDS } from "../../core/accounts/sign-up-limits.ts";
import { limitedSignIn } from "../../core/sync/sso.ts";
import { SignInLimiter } from "../../lib/basic-auth.ts";
import { TooManyAttempts } from "../../lib/errors.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call } from "../helpers/sip-api.ts";
import { DOMAIN, unique } from "./callers.ts";

let server: TestServer;
let ips = 0;
before(async () => {
  server = await startTestServer({ "switchboard.yml": `accounts:\n  sip_domain: ${DOMAIN}\ntrusted_proxies: [127.0.0.1]\n` });
});
after(() => server.close());

const newIp = () => `203.0.113.${++ips}`;
const from = (ip: string, path: string, body?: unknown) => call(server.url, "POST", path, { body, headers: { "X-Forwarded-For": ip } });
const signUp = (ip: string, username: string) =>
  from(ip, "/api/accounts/with-account-creation-token", { username, password: "pass-word-1", algorithm: "SHA-256", account_creation_token: "0123456789abc" });

test("request tokens: more than SIGN_UP_ATTEMPTS from one address in an hour are 429 with Retry-After; other addresses go on", async () => {
  const ip = newIp();
  for (let i = 0; i <= SIGN_UP_ATTEMPTS; i++) assert.equal((await from(ip, "/api/account_creation_request_tokens")).status, 201, `request ${i + 1}`);
  const refused = await from(ip, "/api/account_creation_request_tokens");
  assert.equal(refused.status, 429, refused.body);
  assert.equal(refused.headers.get("retry-after")?.[0], String(SIGN_UP_BLOCK_SECONDS));
  assert.equal((await signUp(ip, unique("late"))).status, 429, "the address's sign-ups are blocked too");
  assert.equal((await from(newIp(), "/api/account_creation_request_tokens")).status, 201);
});

test("account creations are limited per username from any address, and per address whatever the username", async () => {
  const username = unique("wanted");
  for (let i = 0; i <= SIGN_UP_ATTEMPTS; i++) assert.equal((await signUp(newIp(), username)).status, 422, "a bad token, counted all the same");
  const elsewhere = newIp();
  const refused = await signUp(elsewhere, username);
  assert.equal(refused.status, 429, refused.body);
  assert.equal(refused.headers.get("retry-after")?.[0], String(SIGN_UP_BLOCK_SECONDS));
  assert.equal((await signUp(elsewhere, unique("other"))).status, 422, "another username from that address is not blocked");
  const sprayer = newIp();
  for (let i = 0; i <= SIGN_UP_ATTEMPTS; i++) await signUp(sprayer, unique("spray"));
  assert.equal((await signUp(sprayer, unique("fresh"))).status, 429);
});

test("a sign-in refused by a limiter says the rest of that limiter's block, not the Contact Sync one's", async () => {
  const minuteLimiter = new SignInLimiter(1, 60_000, 60_000);
  for (let i = 0; i < 2; i++) await limitedSignIn(minuteLimiter, "192.0.2.1", "anna@x", () => undefined).catch(() => undefined);
  const refused = await limitedSignIn(minuteLimiter, "192.0.2.1", "anna@x", () => true).catch((err: unknown) => err);
  assert.ok(refused instanceof TooManyAttempts, String(refused));
  assert.equal(refused.retryAfterSeconds, 60);
  const now = Date.now();
  assert.ok(minuteLimiter.retryAfterSeconds("192.0.2.1", undefined, now + 45_000) <= 15, "what is left of the block");
  assert.equal(minuteLimiter.retryAfterSeconds("192.0.2.1", undefined, now + 61_000), 0);
});
