// Sign-in that resists guessing (issue 12): failures are counted per address and per username, and a success
// clears only its own username's count; a verified credential is remembered briefly (no scrypt per request) and
// forgotten on a config reload.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { syncBuiltinESMExports } from "node:module";
import { mock, test, type TestContext } from "node:test";
import { inspect } from "node:util";
import { hashPassword, RememberedCredentials, SignInLimiter } from "../../lib/basic-auth.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call, challengesOf, digestAuthorization, seedAccount } from "../helpers/sip-api.ts";

// Plaintext passwords keep these tests fast (no scrypt); the limiter does not care how a password is stored.
const SERVICE = `auth:
  enabled: true
  users:
    admin: {username: admin, password: admin-pass, role: admin}
    monitor: {username: monitor, password: monitor-pass, role: monitor}
`;
// Behind a trusted proxy (127.0.0.1), so a test can sign in from addresses of its own.
const SWITCHBOARD = "trusted_proxies: [127.0.0.1]\n";

async function serve(t: TestContext): Promise<TestServer> {
  const server = await startTestServer({ "serviceconfig.yml": SERVICE, "switchboard.yml": SWITCHBOARD });
  t.after(() => server.close());
  return server;
}

const statusOf = async (server: TestServer, from: string, user: string, pass: string, path = "/status") =>
  (await server.get(path, { headers: { "X-Forwarded-For": from, Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}` } })).status;

test("a known monitor password does not reset the guesses at the admin's from the same address", async (t) => {
  const server = await serve(t);
  const from = "203.0.113.10";
  for (let i = 0; i < 9; i++) assert.equal(await statusOf(server, from, "admin", `guess-${i}`), 401);
  assert.equal(await statusOf(server, from, "monitor", "monitor-pass"), 200, "the monitor signs in");
  assert.equal(await statusOf(server, from, "admin", "guess-9"), 401);
  assert.equal(await statusOf(server, from, "admin", "guess-10"), 401, "the 11th failure of the address");
  assert.equal(await statusOf(server, from, "admin", "admin-pass"), 429, "the address is blocked: its 11 failures all counted");
});

test("guesses at one username from many addresses lock that username, and only it", async (t) => {
  const server = await serve(t);
  for (let i = 0; i < 11; i++) assert.equal(await statusOf(server, `198.51.100.${i + 1}`, "admin", `guess-${i}`), 401);
  assert.equal(await statusOf(server, "198.51.100.200", "admin", "admin-pass"), 429, "admin is locked from a fresh address too");
  assert.equal(await statusOf(server, "198.51.100.200", "monitor", "monitor-pass"), 200, "other usernames are not");
});

test("a success clears its own username's failures", async (t) => {
  const server = await serve(t);
  for (let i = 0; i < 8; i++) assert.equal(await statusOf(server, `192.0.2.${i + 1}`, "admin", `typo-${i}`), 401);
  assert.equal(await statusOf(server, "192.0.2.100", "admin", "admin-pass"), 200);
  for (let i = 0; i < 8; i++) assert.equal(await statusOf(server, `192.0.2.${i + 20}`, "admin", `typo-again-${i}`), 401);
  assert.equal(await statusOf(server, "192.0.2.101", "admin", "admin-pass"), 200, "8 + 8 failures with a success between do not lock admin");
});

test("the limiter's own rules: either key over the limit blocks; a success clears only the username", () => {
  const limiter = new SignInLimiter(2, 60_000, 60_000);
  const t0 = 1_000_000;
  for (let i = 0; i < 3; i++) limiter.recordFailure("10.0.0.1", `user-${i}`, t0 + i);
  assert.ok(limiter.isBlocked("10.0.0.1", "someone-else", t0 + 5), "the address, whatever the username");
  assert.ok(limiter.isBlocked("10.0.0.1", undefined, t0 + 5), "the address alone");
  assert.ok(!limiter.isBlocked("10.0.0.2", "user-0", t0 + 5), "a username with one failure is not");
  for (let i = 0; i < 3; i++) limiter.recordFailure(`10.1.0.${i}`, "admin", t0 + i);
  assert.ok(limiter.isBlocked("10.9.9.9", "admin", t0 + 5));
  const fresh = new SignInLimiter(2, 60_000, 60_000);
  fresh.recordFailure("10.0.0.1", "admin", t0);
  fresh.recordFailure("10.0.0.1", "admin", t0 + 1);
  fresh.recordSuccess("admin");
  fresh.recordFailure("10.0.0.1", "other", t0 + 2);
  assert.ok(fresh.isBlocked("10.0.0.1", undefined, t0 + 3), "the address keeps its three failures");
  fresh.recordFailure("10.0.0.2", "admin", t0 + 4);
  fresh.recordFailure("10.0.0.2", "admin", t0 + 5);
  assert.ok(!fresh.isBlocked("10.0.0.3", "admin", t0 + 6), "admin's count started again at the success");
});

/** Counts the scrypt runs of the code under test (lib/basic-auth.ts imports node:crypto's scrypt by name). */
function countScrypt(t: TestContext): () => number {
  const spy = mock.method(crypto, "scrypt");
  syncBuiltinESMExports();
  t.after(() => {
    spy.mock.restore();
    syncBuiltinESMExports();
  });
  return () => spy.mock.callCount();
}

const hashedService = (monitorPassword: string) => `auth:
  enabled: true
  users:
    monitor: {username: monitor, password: "${hashPassword(monitorPassword)}", role: monitor}
`;
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;

test("a scraper polling /metrics with the same credential costs one scrypt, not one per request", async (t) => {
  const server = await startTestServer({ "serviceconfig.yml": hashedService("scrape-pw") });
  t.after(() => server.close());
  const scrypts = countScrypt(t);
  const headers = { Authorization: basic("monitor", "scrape-pw") };
  for (let i = 0; i < 5; i++) assert.equal((await server.get("/metrics", { headers })).status, 200);
  assert.equal(scrypts(), 1, "only the first request verified the password");
  assert.equal((await server.get("/metrics", { headers: { Authorization: basic("monitor", "wrong") } })).status, 401, "another header is checked");
  assert.equal(scrypts(), 2);
  const kept = inspect(server.app.store.config.caches.signIns, { depth: 5, showHidden: true });
  assert.ok(!kept.includes(headers.Authorization.slice(6)) && !kept.includes("scrape-pw"), "the header itself is not kept");
});

test("a config reload forgets remembered credentials: a changed password is checked at once", async (t) => {
  const server = await startTestServer({ "serviceconfig.yml": hashedService("old-pw") });
  t.after(() => server.close());
  const scrypts = countScrypt(t);
  const old = { Authorization: basic("monitor", "old-pw") };
  assert.equal((await server.get("/status", { headers: old })).status, 200);
  assert.equal((await server.get("/status", { headers: old })).status, 200);
  assert.equal(scrypts(), 1);
  server.writeConfig("serviceconfig.yml", hashedService("old-pw"));
  assert.equal((await server.get("/status", { headers: old })).status, 200);
  assert.equal(scrypts(), 2, "after a reload the password is verified again");
  server.writeConfig("serviceconfig.yml", hashedService("new-pw"));
  assert.equal((await server.get("/status", { headers: old })).status, 401, "the old password no longer signs in");
});

test("a remembered credential does not pass while its address is blocked", async (t) => {
  const server = await serve(t);
  const from = "203.0.113.77";
  assert.equal(await statusOf(server, from, "admin", "admin-pass"), 200, "verified and remembered");
  for (let i = 0; i < 11; i++) assert.equal(await statusOf(server, from, "admin", `guess-${i}`), 401);
  // Were it let through, a guesser could go on during the block and be told when a guess is right.
  assert.equal(await statusOf(server, from, "admin", "admin-pass"), 429);
});

test("a remembered credential expires after its time, and the memory holds a bounded number", () => {
  const memory = new RememberedCredentials<string>(300_000, 3);
  memory.remember("Basic a", "alice", 0);
  assert.equal(memory.get("Basic a", 299_999), "alice");
  assert.equal(memory.get("Basic a", 300_000), undefined, "five minutes later it is checked again");
  for (const h of ["Basic 1", "Basic 2", "Basic 3", "Basic 4"]) memory.remember(h, h, 1_000);
  assert.equal(memory.size, 3);
  assert.equal(memory.get("Basic 1", 1_001), undefined, "the oldest is forgotten first");
  assert.equal(memory.get("Basic 4", 1_001), "Basic 4");
});

test("authenticationURL: one pusher's right password does not reset the guesses made through the same phone", async (t) => {
  const phones = `phones:
  desk: {mac: "001122334455", devicename: "SEP001122334455", username: pushuser, password: "push-pw"}
  lobby: {mac: "001122334466", devicename: "SEP001122334466", username: lobbyuser, password: "lobby-pw"}
`;
  const server = await startTestServer({ "phones.yml": phones });
  t.after(() => server.close());
  const ask = async (devicename: string, UserID: string, Password: string) => (await server.get(`/cisco/authenticate?${new URLSearchParams({ devicename, UserID, Password })}`)).body;
  for (let i = 0; i < 9; i++) assert.equal(await ask("SEP001122334466", "lobbyuser", `guess-${i}`), "UN-AUTHORIZED");
  assert.equal(await ask("SEP001122334455", "pushuser", "push-pw"), "AUTHORIZED");
  for (let i = 9; i < 11; i++) assert.equal(await ask("SEP001122334466", "lobbyuser", `guess-${i}`), "UN-AUTHORIZED");
  assert.equal(await ask("SEP001122334466", "lobbyuser", "lobby-pw"), "UN-AUTHORIZED", "the address is blocked: its 11 failures all counted");
});

test("SIP account API: wrong Digest answers are limited per address and per account, like Basic sign-ins", async (t) => {
  const domain = "sip.example.com";
  const server = await startTestServer({ "switchboard.yml": `trusted_proxies: [127.0.0.1]\naccounts:\n  sip_domain: ${domain}\n` });
  t.after(() => server.close());
  for (const username of ["alice", "bob", "carol"]) seedAccount(server.app.db, { username, domain, password: `${username}-pw` });
  /** One Digest sign-in as a client makes it: ask, then answer the challenge. */
  const signIn = async (address: string, username: string, password: string) => {
    const headers = { From: `sip:${username}@${domain}`, "X-Forwarded-For": address };
    const first = await call(server.url, "GET", "/api/accounts/me", { headers });
    if (first.status !== 401) return first.status;
    const authorization = digestAuthorization(challengesOf(first)[0], { username, password, method: "GET", uri: "/api/accounts/me", nc: 1 });
    return (await call(server.url, "GET", "/api/accounts/me", { headers: { ...headers, Authorization: authorization } })).status;
  };
  for (let i = 0; i < 11; i++) assert.equal(await signIn(`198.51.100.${i + 1}`, "alice", `guess-${i}`), 401);
  assert.equal(await signIn("198.51.100.200", "alice", "alice-pw"), 429, "alice is locked, from any address");
  assert.equal(await signIn("198.51.100.200", "bob", "bob-pw"), 200, "bob is not");
  for (let i = 0; i < 9; i++) assert.equal(await signIn("203.0.113.5", "carol", `guess-${i}`), 401);
  assert.equal(await signIn("203.0.113.5", "bob", "bob-pw"), 200);
  for (let i = 9; i < 11; i++) assert.equal(await signIn("203.0.113.5", "carol", `guess-${i}`), 401);
  assert.equal(await signIn("203.0.113.5", "bob", "bob-pw"), 429, "bob's success did not reset the address's count");
});

test("an unknown username costs a scrypt as a known one does, so timing does not tell which exist", async (t) => {
  const server = await startTestServer({ "serviceconfig.yml": hashedService("known-pw") });
  t.after(() => server.close());
  const scrypts = countScrypt(t);
  assert.equal((await server.get("/status", { headers: { Authorization: basic("monitor", "wrong") } })).status, 401);
  assert.equal(scrypts(), 1, "a known username with a wrong password");
  assert.equal((await server.get("/status", { headers: { Authorization: basic("nobody", "wrong") } })).status, 401);
  assert.equal(scrypts(), 2, "an unknown username: checked against the dummy hash");
});
