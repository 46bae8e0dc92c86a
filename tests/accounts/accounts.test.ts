// Accounts through the API as FlexiAPI 1.3.10's ApiAccountTest asserts it (plus the 1.5 blocking): admin CRUD,
// username and domain rules, activation state, /me, the password change, search and deletion with a tombstone.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { findAccount, passwordsOf } from "../../db/accounts.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call, DigestClient, seedAccount, seedApiKey } from "../helpers/sip-api.ts";
import { accountSettings, DOMAIN, errorFields as errorsOf, seedAdmin, seedCaller, SETTINGS, unique } from "./callers.ts";

let server: TestServer;

before(async () => {
  server = await startTestServer({ "switchboard.yml": SETTINGS });
});
after(() => server.close());

const admin = () => seedAdmin(server);
const user = (o: Parameters<typeof seedCaller>[1] = {}) => seedCaller(server, { email: `${unique("mail")}@example.com`, ...o });
const settings = (t: { after(fn: () => void): void }, extra: string) => accountSettings(server, t, extra);
const fresh = () => unique("u");

test("creating an account needs an admin: a signed-in user gets 403 Unauthorized area", async () => {
  const res = await user().as("POST", "/api/accounts", { username: fresh(), algorithm: "SHA-256", password: "123456" });
  assert.equal(res.status, 403);
  assert.match(res.body, /Unauthorized area/);
});

test("an admin signed in with Digest creates an account: not activated, in the configured domain", async () => {
  const a = seedAccount(server.app.db, { username: unique("admin"), domain: DOMAIN, admin: 1, password: "adminpw" });
  const username = unique("foobar");
  const res = await new DigestClient(server.url, a, "adminpw").request("POST", "/api/accounts", { username, algorithm: "SHA-256", password: "123456", dtmf_protocol: "sipinfo" });
  assert.equal(res.status, 200, res.body);
  const body = res.json();
  assert.equal(body.username, username);
  assert.equal(body.domain, DOMAIN);
  assert.equal(body.activated, false);
  assert.equal(body.dtmf_protocol, "sipinfo");
  assert.ok(body.confirmation_key && body.provisioning_token, "an account waiting for activation gets a key and a provisioning token");
});

test("a username that is a phone number, has spaces or characters outside the regex is refused", async () => {
  const { as } = admin();
  for (const username of ["+33612121212", "blabla hop", "blabla🔥", "Upper"]) {
    const res = await as("POST", "/api/accounts", { username, algorithm: "SHA-256", password: "123456" });
    assert.equal(res.status, 422, username);
    assert.deepEqual(errorsOf(res), ["username"], username);
  }
});

test("accounts.username_regex decides which characters a username may hold", async (t) => {
  settings(t, "  username_regex: '^[a-z0-9🔥+_.-]*$'\n");
  const res = await admin().as("POST", "/api/accounts", { username: `bla${unique("")}🔥`, algorithm: "SHA-256", password: "123456" });
  assert.equal(res.status, 200, res.body);
});

test("an empty username is 422", async () => {
  const res = await admin().as("POST", "/api/accounts", { username: "", algorithm: "SHA-256", password: "2" });
  assert.equal(res.status, 422);
});

test("blacklisted usernames, exact or as a regular expression, are refused", async (t) => {
  settings(t, "  blacklisted_usernames: [foobar, blacklisted, 'username-.*']\n");
  const { as } = admin();
  for (const username of ["blacklisted", "username-gnap"]) {
    const res = await as("POST", "/api/accounts", { username, algorithm: "SHA-256", password: "2" });
    assert.deepEqual(errorsOf(res), ["username"], username);
  }
  assert.equal((await as("POST", "/api/accounts", { username: `valid-username${unique("")}`, algorithm: "SHA-256", password: "2" })).status, 200);
});

test("a domain in the body is ignored unless admins manage several domains", async (t) => {
  const { as } = admin();
  const ignored = await as("POST", "/api/accounts", { username: fresh(), domain: "example.com", algorithm: "SHA-256", password: "123456" });
  assert.equal(ignored.json().domain, DOMAIN);
  settings(t, "  admins_manage_multi_domains: true\n");
  const name = fresh();
  for (const domain of ["example.com", "foobar.com"]) {
    const res = await as("POST", "/api/accounts", { username: name, domain, algorithm: "SHA-256", password: "123456" });
    assert.equal(res.status, 200, res.body);
    assert.equal(res.json().domain, domain, "the same username in two domains");
  }
});

test("admin: true makes the new account an admin", async () => {
  const res = await admin().as("POST", "/api/accounts", { username: fresh(), algorithm: "SHA-256", password: "blabla", admin: true });
  assert.equal(res.json().admin, true);
});

test("an account created activated has no confirmation key, no provisioning token and no expiry", async () => {
  const res = await admin().as("POST", "/api/accounts", { username: fresh(), algorithm: "SHA-256", password: "blabla", activated: true, confirmation_key_expires: "2040-12-12 12:12:12" });
  const body = res.json();
  assert.equal(body.activated, true);
  assert.ok(!body.confirmation_key && !body.provisioning_token);
  assert.equal(body.confirmation_key_expires, null);
});

test("confirmation_key_expires must be Y-m-d H:i:s and is kept for an account that is not activated", async () => {
  const { as } = admin();
  assert.equal((await as("POST", "/api/accounts", { username: fresh(), algorithm: "SHA-256", password: "123456", confirmation_key_expires: "abc" })).status, 422);
  const res = await as("POST", "/api/accounts", { username: fresh(), algorithm: "SHA-256", password: "123456", activated: false, confirmation_key_expires: "2040-12-12 12:12:12" });
  assert.equal(res.json().confirmation_key_expires, "2040-12-12 12:12:12");
});

test("with accounts.email_unique an email another account has is refused", async (t) => {
  settings(t, "  email_unique: true\n");
  const other = user();
  const res = await admin().as("POST", "/api/accounts", { username: fresh(), email: other.account.email, algorithm: "SHA-256", password: "123456" });
  assert.equal(res.status, 422);
  assert.deepEqual(errorsOf(res), ["email"]);
});

test("a password with non-ASCII characters set by an admin signs in with Digest", async () => {
  const username = fresh();
  assert.equal((await admin().as("POST", "/api/accounts", { username, algorithm: "SHA-256", password: "nonascii€", activated: true })).status, 200);
  const res = await new DigestClient(server.url, { username, domain: DOMAIN }, "nonascii€", "SHA-256").request("GET", "/api/accounts/me");
  assert.equal(res.status, 200, res.body);
});

test("PUT replaces an account: username and algorithm are required, and the new password is stored", async () => {
  const { as } = admin();
  const target = user();
  assert.deepEqual(errorsOf(await as("PUT", "/api/accounts/1234", {})), ["username", "algorithm"]);
  assert.equal((await as("PUT", "/api/accounts/1234", { username: "good" })).status, 422, "validation comes before the lookup");
  const renamed = unique("changed");
  const res = await as("PUT", `/api/accounts/${target.account.id}`, { username: renamed, algorithm: "MD5", password: "other" });
  assert.equal(res.status, 200, res.body);
  assert.ok(findAccount(server.app.db, renamed, DOMAIN));
  assert.deepEqual(passwordsOf(server.app.db, target.account.id).map((p) => p.algorithm), ["MD5"]);
  assert.equal((await new DigestClient(server.url, { username: renamed, domain: DOMAIN }, "other").request("GET", "/api/accounts/me")).status, 200);
});

test("renaming an account needs a new password, since the stored hash holds the old name", async () => {
  const { as } = admin();
  const target = user();
  const res = await as("PUT", `/api/accounts/${target.account.id}`, { username: fresh(), algorithm: "MD5" });
  assert.deepEqual(errorsOf(res), ["password"]);
  assert.equal((await as("PUT", `/api/accounts/${target.account.id}`, { username: target.account.username, algorithm: "MD5", email: "kept@example.com" })).status, 200, "keeping the name needs no password");
});

test("an account's public info says whether it is activated and gives the realm; 404 once deleted", async (t) => {
  settings(t, "  realm: realm.com\n");
  const u = user({ activated: 0 });
  const sip = `${u.account.username}@${DOMAIN}`;
  assert.deepEqual((await call(server.url, "GET", `/api/accounts/${sip}/info`)).json(), { activated: false, realm: "realm.com" });
  const me = await u.as("GET", "/api/accounts/me");
  assert.equal(me.json().realm, "realm.com");
  assert.equal((await u.as("DELETE", "/api/accounts/me")).status, 200);
  assert.equal((await call(server.url, "GET", `/api/accounts/${sip}/info`)).status, 404);
});

test("a deleted account's name stays taken (tombstone)", async () => {
  const { as } = admin();
  const u = user();
  assert.equal((await as("DELETE", `/api/accounts/${u.account.id}`)).status, 200);
  assert.equal((await as("GET", `/api/accounts/${u.account.id}`)).status, 404);
  const again = await as("POST", "/api/accounts", { username: u.account.username, algorithm: "SHA-256", password: "123456" });
  assert.deepEqual(errorsOf(again), ["username"]);
});

test("/me shows the account with its password algorithms and never a hash", async () => {
  const u = user({ algorithm: "SHA-256" });
  const res = await u.as("GET", "/api/accounts/me");
  assert.deepEqual(res.json().passwords, [{ algorithm: "SHA-256" }]);
  const hash = passwordsOf(server.app.db, u.account.id)[0].hash;
  assert.ok(!res.body.includes(hash));
  assert.ok(!("confirmation_key" in res.json()), "the confirmation key is for admins");
});

test("changing one's password: a first one without the old, then only with the right old password", async () => {
  const a = seedAccount(server.app.db, { username: fresh(), domain: DOMAIN, activated: 0 });
  const { setPasswords } = await import("../../db/accounts.ts");
  setPasswords(server.app.db, a.id, []);
  const key = seedApiKey(server.app.db, a);
  const as = (body: unknown) => call(server.url, "POST", "/api/accounts/me/password", { headers: { "x-api-key": key }, body });
  assert.deepEqual(errorsOf(await as({ algorithm: "123", password: "password" })), ["algorithm"]);
  assert.equal((await as({ algorithm: "MD5", password: "password" })).status, 200);
  assert.deepEqual(errorsOf(await as({ algorithm: "SHA-256", password: "new_password" })), ["old_password"]);
  assert.deepEqual(errorsOf(await as({ algorithm: "SHA-256", old_password: "blabla", password: "new_password" })), ["old_password"]);
  assert.equal((await as({ algorithm: "SHA-256", old_password: "password", password: "new_password" })).status, 200);
  const me = (await call(server.url, "GET", "/api/accounts/me", { headers: { "x-api-key": key } })).json();
  assert.deepEqual(me.passwords, [{ algorithm: "SHA-256" }]);
  assert.equal(me.activated, true, "setting a password activates the account");
});

test("activate and deactivate (GET for 1.3 clients, POST for 1.5), then search by SIP address and by email", async () => {
  const { as } = admin();
  const u = user();
  assert.equal((await as("GET", `/api/accounts/${u.account.id}/deactivate`)).json().activated, false);
  assert.equal((await as("GET", `/api/accounts/${u.account.id}`)).json().activated, false);
  assert.equal((await as("POST", `/api/accounts/${u.account.id}/activate`)).json().activated, true);
  const bySip = await as("GET", `/api/accounts/${u.account.username}@${DOMAIN}/search`);
  assert.equal(bySip.json().id, u.account.id);
  const byEmail = await as("GET", `/api/accounts/${u.account.email}/search-by-email`);
  assert.equal(byEmail.json().id, u.account.id);
  assert.equal((await as("GET", "/api/accounts/wrong@email.com/search-by-email")).status, 404);
});

test("a blocked account is refused until an admin unblocks it", async () => {
  const { as } = admin();
  const u = user();
  assert.equal((await u.as("GET", "/api/accounts/me")).status, 200);
  assert.equal((await as("POST", `/api/accounts/${u.account.id}/block`)).status, 200);
  assert.equal((await u.as("GET", "/api/accounts/me")).status, 403);
  assert.equal((await as("POST", `/api/accounts/${u.account.id}/unblock`)).status, 200);
  assert.equal((await u.as("GET", "/api/accounts/me")).status, 200);
});

test("the account list pages 20 at a time in Laravel's paginator shape", async () => {
  const { as } = admin();
  for (let i = 0; i < 21; i++) user();
  const first = (await as("GET", "/api/accounts")).json();
  assert.equal(first.per_page, 20);
  assert.equal(first.current_page, 1);
  assert.equal(first.data.length, 20);
  assert.ok(first.total >= 22);
  assert.equal(first.last_page, Math.ceil(first.total / 20));
  assert.equal(first.next_page_url, `${server.app.store.config.switchboard.public_url}/api/accounts?page=2`);
  assert.equal(first.prev_page_url, null);
  const last = (await as("GET", `/api/accounts?page=${first.last_page}`)).json();
  assert.equal(last.to, first.total);
  assert.equal(last.next_page_url, null);
  assert.ok(!("passwords" in first.data[0]), "lists leave the passwords out");
});

test("an admin's GET of one account shows its phone (null when none)", async () => {
  const { account, as } = admin();
  const res = await as("GET", `/api/accounts/${account.id}`);
  assert.equal(res.json().id, account.id);
  assert.equal(res.json().phone, null);
});

test("the API key endpoint hands out a key once, as body and HttpOnly cookie, and the old key stops working", async () => {
  const a = seedAccount(server.app.db, { username: fresh(), domain: DOMAIN, password: "pw" });
  const res = await new DigestClient(server.url, a, "pw").request("GET", "/api/accounts/me/api_key");
  assert.equal(res.status, 200);
  const key = res.body;
  assert.match(res.headers.get("set-cookie")![0], new RegExp(`^x-api-key=${key}; .*HttpOnly`));
  assert.equal((await call(server.url, "GET", "/api/accounts/me", { headers: { "x-api-key": key } })).status, 200);
  const second = (await call(server.url, "GET", "/api/accounts/me/api_key", { headers: { "x-api-key": key } })).body;
  assert.notEqual(second, key);
  assert.equal((await call(server.url, "GET", "/api/accounts/me", { headers: { "x-api-key": key } })).status, 401, "the first key was replaced");
  assert.equal((await call(server.url, "GET", "/api/accounts/me", { headers: { "x-api-key": second } })).status, 200);
});

test("a state change with the API key cookie must come from our own pages", async () => {
  const u = user();
  const key = seedApiKey(server.app.db, u.account);
  const post = (origin?: string) => call(server.url, "POST", "/api/accounts/me/password", {
    headers: { Cookie: `x-api-key=${key}`, ...(origin ? { Origin: origin } : {}) },
    body: { algorithm: "SHA-256", old_password: "secret-123", password: "changed" },
  });
  assert.equal((await post()).status, 403, "no Origin with a cookie");
  assert.equal((await post("http://evil.example")).status, 403);
  assert.equal((await post(server.url)).status, 200);
});
