// The self-service pages' sign-in (/api/session, core/accounts/web-sessions.ts): the session cookie and its
// attributes, rotation at sign-in, expiry, sign-out, the own-pages rule for changes made with it, the sign-in
// limits, and that one account's session never reaches another account.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { hashApiKey } from "../../core/accounts/authenticate.ts";
import { SESSION_IDLE_MS } from "../../core/accounts/web-sessions.ts";
import { findAccount, getAccount, updateAccount } from "../../db/accounts.ts";
import { saveDevice } from "../../db/sync-devices.ts";
import { findWebSession, markWebSessionSeen } from "../../db/web-sessions.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call, seedAccount, type ApiResponse } from "../helpers/sip-api.ts";
import { DOMAIN, seedCaller, unique } from "./callers.ts";

let server: TestServer;
let ips = 0;
before(async () => {
  // Each test signs in from its own address (X-Forwarded-For from loopback is believed), so one test's failures
  // never block another's.
  server = await startTestServer({ "switchboard.yml": `accounts:\n  sip_domain: ${DOMAIN}\ntrusted_proxies: [127.0.0.1]\n` });
});
after(() => server.close());

const PASSWORD = "correct horse 1";
const newIp = () => `198.51.100.${++ips}`;

interface Browserish {
  ip: string;
  origin: string;
  cookie?: string;
}

function person(): Browserish {
  return { ip: newIp(), origin: server.url };
}

function as(b: Browserish, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
  return call(server.url, method, path, { body, headers: { "X-Forwarded-For": b.ip, Origin: b.origin, ...(b.cookie ? { Cookie: b.cookie } : {}), ...headers } });
}

function sessionCookieOf(res: ApiResponse): string {
  const set = (res.headers.get("set-cookie") ?? []).find((c) => c.startsWith("switchboard_session="));
  assert.ok(set, `no session cookie in ${res.status} ${res.body}`);
  return set;
}

async function signIn(b: Browserish, username: string, password = PASSWORD): Promise<ApiResponse> {
  const res = await as(b, "POST", "/api/session", { username, password });
  if (res.status === 200) b.cookie = sessionCookieOf(res).split(";")[0];
  return res;
}

const seed = () => seedAccount(server.app.db, { username: unique("anna"), domain: DOMAIN, password: PASSWORD, algorithm: "SHA-256" });
const tokenOf = (b: Browserish) => b.cookie!.split("=")[1];

test("sign-in sets an HttpOnly, SameSite=Strict session cookie that /api/accounts/me takes; sign-out ends it on the server", async () => {
  const account = seed();
  const b = person();
  const res = await signIn(b, `${account.username}@${DOMAIN}`);
  assert.equal(res.status, 200, res.body);
  assert.equal(res.json().username, account.username);
  const cookie = sessionCookieOf(res);
  assert.match(cookie, /; HttpOnly/);
  assert.match(cookie, /; SameSite=Strict/);
  assert.match(cookie, /; Path=\//);
  assert.match(cookie, /; Max-Age=\d+/);
  assert.ok(findWebSession(server.app.db, hashApiKey(tokenOf(b))), "stored as the token's hash");
  assert.equal((await as(b, "GET", "/api/accounts/me")).json().username, account.username);
  const copied = { ...b };
  const out = await as(b, "DELETE", "/api/session", {});
  assert.equal(out.status, 200);
  assert.match((out.headers.get("set-cookie") ?? []).join("\n"), /switchboard_session=; Path=\/; Max-Age=0/);
  assert.equal((await as(copied, "GET", "/api/accounts/me")).status, 401, "a copy of the cookie is worth nothing after sign-out");
});

test("a sign-in rotates the session: the browser's previous token ends", async () => {
  const account = seed();
  const b = person();
  await signIn(b, account.username);
  const before = { ...b };
  assert.equal((await signIn(b, account.username)).status, 200);
  assert.notEqual(b.cookie, before.cookie);
  assert.equal((await as(before, "GET", "/api/accounts/me")).status, 401);
  assert.equal((await as(b, "GET", "/api/accounts/me")).status, 200);
});

test("an idle session ends, and a wrong password or an unknown user is one and the same 401", async () => {
  const account = seed();
  const b = person();
  await signIn(b, account.username);
  const session = findWebSession(server.app.db, hashApiKey(tokenOf(b)))!;
  markWebSessionSeen(server.app.db, session.id, new Date(Date.now() - SESSION_IDLE_MS - 1000).toISOString());
  assert.equal((await as(b, "GET", "/api/accounts/me")).status, 401);
  const wrong = await as(person(), "POST", "/api/session", { username: account.username, password: "nope" });
  const unknown = await as(person(), "POST", "/api/session", { username: "nobody-here", password: "nope" });
  assert.equal(wrong.status, 401);
  assert.deepEqual(unknown.json(), wrong.json(), "no answer tells whether the username exists");
});

test("sign-in is limited per username and per address: after 11 failures in 5 minutes the next try is 429, even with the right password", async () => {
  const account = seed();
  for (let i = 0; i <= 10; i++) assert.equal((await as(person(), "POST", "/api/session", { username: account.username, password: `wrong${i}` })).status, 401);
  assert.equal((await signIn(person(), account.username)).status, 429, "per username, from any address");
  const guesser = person();
  for (let i = 0; i <= 10; i++) await as(guesser, "POST", "/api/session", { username: unique("spray"), password: "x" });
  const other = seed();
  assert.equal((await signIn(guesser, other.username)).status, 429, "per address, whatever the username");
  assert.equal((await signIn(person(), other.username)).status, 200, "another address signs in to that account");
});

test("changes made with the session need our Origin: a foreign Origin or none is refused; sign-in itself too", async () => {
  const account = seed();
  const b = person();
  await signIn(b, account.username);
  const foreign = { ...b, origin: "https://evil.example" };
  assert.equal((await as(foreign, "PATCH", "/api/accounts/me", { display_name: "Evil" })).status, 403);
  const noOrigin = await call(server.url, "PATCH", "/api/accounts/me", { body: { display_name: "Evil" }, headers: { Cookie: b.cookie!, "X-Forwarded-For": b.ip } });
  assert.equal(noOrigin.status, 403);
  assert.equal((await as(foreign, "POST", "/api/session", { username: account.username, password: PASSWORD })).status, 403);
  assert.equal(getAccount(server.app.db, account.id)!.display_name, null);
  const ok = await as(b, "PATCH", "/api/accounts/me", { display_name: "Anna" });
  assert.equal(ok.status, 200, ok.body);
  assert.equal(getAccount(server.app.db, account.id)!.display_name, "Anna");
});

test("a password change ends the account's sessions; the new password signs in, the old one not", async () => {
  const account = seed();
  const b = person();
  const other = person();
  await signIn(b, account.username);
  await signIn(other, account.username);
  const res = await as(b, "POST", "/api/accounts/me/password", { algorithm: "SHA-256", old_password: PASSWORD, password: "new password 2" });
  assert.equal(res.status, 200, res.body);
  assert.equal((await as(b, "GET", "/api/accounts/me")).status, 401);
  assert.equal((await as(other, "GET", "/api/accounts/me")).status, 401, "every session of the account, not only this one");
  assert.equal((await signIn(person(), account.username)).status, 401);
  assert.equal((await signIn(person(), account.username, "new password 2")).status, 200);
});

test("a password an admin sets (PUT /api/accounts/:id) or /provisioning?reset_password ends the account's sessions too", async () => {
  const account = seed();
  const admin = seedCaller(server, { admin: 1 });
  const b = person();
  await signIn(b, account.username);
  const put = await admin.as("PUT", `/api/accounts/${account.id}`, { username: account.username, password: "admin set 3", algorithm: "SHA-256" });
  assert.equal(put.status, 200, put.body);
  assert.equal((await as(b, "GET", "/api/accounts/me")).status, 401, "the admin's new password ended the session");
  await signIn(b, account.username, "admin set 3");
  assert.equal((await as(b, "GET", "/api/accounts/me")).status, 200);
  const token = updateAccount(server.app.db, getAccount(server.app.db, account.id)!, { provisioning_token: unique("prov").padEnd(13, "x") }).provisioning_token;
  assert.equal((await call(server.url, "GET", `/provisioning/${token}?reset_password`)).status, 200);
  assert.equal((await as(b, "GET", "/api/accounts/me")).status, 401, "the reset password ended the session");
});

test("one account's session never reads or changes another account, whichever id or address it names", async () => {
  const a = seed();
  const bAccount = seed();
  saveDevice(server.app.db, { username: `${bAccount.username}@${DOMAIN}`, cloud_id: "c1" }, "b-phone", { name: "B's phone", platform: "ios" });
  saveDevice(server.app.db, { username: `${a.username}@${DOMAIN}`, cloud_id: "c1" }, "a-phone", { name: "A's phone", platform: "android" });
  const b = person();
  await signIn(b, a.username);
  const bSip = `${bAccount.username}@${DOMAIN}`;
  for (const [method, path, body] of [
    ["GET", `/api/accounts/${bAccount.id}`], ["PUT", `/api/accounts/${bAccount.id}`, { username: "x" }], ["DELETE", `/api/accounts/${bAccount.id}`, {}],
    ["GET", `/api/accounts/${bAccount.id}/provision`], ["GET", `/api/accounts/${bSip}/search`], ["POST", `/api/accounts/${bAccount.id}/block`, {}],
  ] as [string, string, unknown?][]) {
    const res = await as(b, method, path, body);
    assert.equal(res.status, 403, `${method} ${path}: ${res.status} ${res.body}`);
  }
  const devices = (await as(b, "GET", "/api/accounts/me/devices")).json();
  assert.deepEqual(devices.map((d: { device_id: string }) => d.device_id), ["a-phone"]);
  // A's session with B's From header is not B: the From header asks for Digest, which A's cookie is not.
  assert.equal((await as(b, "GET", "/api/accounts/me", undefined, { From: `sip:${bSip}` })).status, 401);
  assert.equal((await as(b, "DELETE", "/api/accounts/me", {})).status, 200);
  assert.ok(findAccount(server.app.db, bAccount.username, DOMAIN), "B is untouched");
  assert.equal(findAccount(server.app.db, a.username, DOMAIN), undefined);
  assert.equal((await as(b, "GET", "/api/accounts/me")).status, 401, "the deleted account's session went with it");
});

test("the API key is shown once, sets no cookie beside the session, and is revoked by DELETE; the sign-up page is 404 unless public_registration is on", async () => {
  const account = seed();
  const b = person();
  await signIn(b, account.username);
  const created = await as(b, "GET", "/api/accounts/me/api_key");
  const key = created.body;
  assert.equal(created.headers.get("set-cookie"), undefined, "no x-api-key cookie: it would sign the browser in again after sign-out");
  assert.equal((await call(server.url, "GET", "/api/accounts/me", { headers: { "x-api-key": key } })).status, 200);
  const revoked = await as(b, "DELETE", "/api/accounts/me/api_key", {});
  assert.equal(revoked.json(), true);
  assert.equal((await call(server.url, "GET", "/api/accounts/me", { headers: { "x-api-key": key } })).status, 401);
  assert.equal((await server.get("/account/sign-up")).status, 404);
  assert.equal((await server.get("/self-service/account.html")).status, 404, "the shells only through their routes");
});
