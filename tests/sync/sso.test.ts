// POST /sso/token with the local SIP accounts as External Authentication, and the `bearer` guard: tokens, their
// expiry and replacement, wrong credentials, rate limiting per address and per username.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call, seedAccount } from "../helpers/sip-api.ts";
import { DOMAIN, requestToken, SETTINGS, SyncClient, syncUser, unique, uniqueAddress } from "./helpers.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer({ "switchboard.yml": SETTINGS });
});
after(() => server.close());

const seed = (o: Partial<Parameters<typeof seedAccount>[1]> = {}) => seedAccount(server.app.db, { username: unique("sso"), domain: DOMAIN, password: "right-pw", ...o });

test("a bare username in accounts.sip_domain and its password earn a token valid for sync.token_days", async () => {
  const a = seed({ phone: "+4930123456" });
  const before = Date.now();
  const res = await requestToken(server, { username: a.username, password: "right-pw", cloud_id: "acme" });
  assert.equal(res.status, 200);
  const body = res.json();
  assert.deepEqual(Object.keys(body).sort(), ["expires_at", "token", "verified_numbers"]);
  assert.ok(Buffer.from(body.token, "base64url").length >= 16, "at least 128 random bits");
  const days = (Date.parse(body.expires_at) - before) / 86_400_000;
  assert.ok(days > 29.99 && days < 30.01, `expires in 30 days, got ${days}`);
  assert.deepEqual(body.verified_numbers, ["+4930123456"], "the account's phone is its verified number");
  assert.equal(res.headers.get("cache-control")?.[0], "no-store");
});

test("user@domain signs in too, with the password checked against the stored SHA-256 or clear password", async () => {
  const sha = seed({ algorithm: "SHA-256" });
  assert.equal((await requestToken(server, { username: `${sha.username}@${DOMAIN}`, password: "right-pw", cloud_id: "c" })).status, 200);
  const clear = seed({ algorithm: "CLRTXT" });
  assert.equal((await requestToken(server, { username: `sip:${clear.username}@${DOMAIN}`, password: "right-pw", cloud_id: "c" })).status, 200);
});

test("the token is stored only as its SHA-256", async () => {
  const a = seed();
  const { token } = (await requestToken(server, { username: a.username, password: "right-pw", cloud_id: "hash" })).json();
  const row = server.app.db.prepare("SELECT token_hash FROM sso_tokens WHERE username = ? AND cloud_id = 'hash'").get(`${a.username}@${DOMAIN}`) as { token_hash: string };
  assert.equal(row.token_hash, createHash("sha256").update(token).digest("hex"));
  assert.equal(server.app.db.prepare("SELECT count(*) FROM sso_tokens WHERE token_hash = ?").pluck().get(token), 0);
});

test("an account registered by phone number has its username as a verified number too", async () => {
  const a = seed({ username: `+4930${Date.now() % 1_000_000}` });
  const res = await requestToken(server, { username: a.username, password: "right-pw", cloud_id: "c" });
  assert.deepEqual(res.json().verified_numbers, [a.username]);
});

test("wrong password, unknown username, blocked or not activated account: 401", async () => {
  const a = seed();
  const blocked = seed({ blocked: 1 });
  const inactive = seed({ activated: 0 });
  for (const body of [
    { username: a.username, password: "wrong-pw", cloud_id: "c" },
    { username: unique("nobody"), password: "right-pw", cloud_id: "c" },
    { username: `${a.username}@other.example.com`, password: "right-pw", cloud_id: "c" },
    { username: blocked.username, password: "right-pw", cloud_id: "c" },
    { username: inactive.username, password: "right-pw", cloud_id: "c" },
  ]) {
    const res = await requestToken(server, body);
    assert.equal(res.status, 401, JSON.stringify(body));
    assert.equal(res.json().error, "Wrong username or password.");
    assert.equal(res.json().token, undefined);
  }
});

test("missing or malformed fields are a 422 naming each field", async () => {
  const res = await requestToken(server, { username: "", password: 5, cloud_id: "x".repeat(300) });
  assert.equal(res.status, 422);
  assert.deepEqual(Object.keys(res.json().errors).sort(), ["cloud_id", "password", "username"]);
  const form = await call(server.url, "POST", "/sso/token", { headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "x" });
  assert.equal(form.status, 415, "JSON only");
});

test("signing in again replaces the token and keeps the identity's devices", async () => {
  const { client, signIn } = await syncUser(server);
  assert.equal((await client.putDevice("phone")).status, 201);
  const again = await requestToken(server, signIn);
  const second = new SyncClient(server, again.json().token);
  assert.deepEqual((await second.devices()).json().devices.map((d: { id: string }) => d.id), ["phone"], "the same identity");
  assert.equal((await client.devices()).status, 401, "one token per identity: the earlier one stops working");
  const bare = await requestToken(server, { ...signIn, username: signIn.username.split("@")[0] });
  assert.deepEqual((await new SyncClient(server, bare.json().token).devices()).json().devices.length, 1, "user and user@domain are one identity");
});

test("another cloud ID is another identity: its own token and no devices", async () => {
  const { client, signIn } = await syncUser(server, { cloud_id: "cloud-a" });
  await client.putDevice("phone");
  const other = await requestToken(server, { ...signIn, cloud_id: "cloud-b" });
  const b = new SyncClient(server, other.json().token);
  assert.deepEqual((await b.devices()).json(), { devices: [] });
  assert.equal((await client.devices()).status, 200, "both tokens work");
});

test("ten failures from one address block it: 429 with Retry-After, even with the right password", async () => {
  const a = seed();
  const from = uniqueAddress();
  for (let i = 0; i < 11; i++) assert.equal((await requestToken(server, { username: unique("guess"), password: "x", cloud_id: "c" }, from)).status, 401);
  const res = await requestToken(server, { username: a.username, password: "right-pw", cloud_id: "c" }, from);
  assert.equal(res.status, 429);
  assert.equal(res.headers.get("retry-after")?.[0], "300");
  assert.equal((await requestToken(server, { username: a.username, password: "right-pw", cloud_id: "c" })).status, 200, "other addresses are not blocked");
});

test("ten failures for one username from many addresses block the username, not the others", async () => {
  const victim = seed();
  const other = seed();
  for (let i = 0; i < 11; i++) await requestToken(server, { username: victim.username, password: `guess${i}`, cloud_id: "c" });
  assert.equal((await requestToken(server, { username: victim.username, password: "right-pw", cloud_id: "c" })).status, 429);
  assert.equal((await requestToken(server, { username: `${victim.username}@${DOMAIN}`, password: "right-pw", cloud_id: "c" })).status, 429, "whichever way it is written");
  assert.equal((await requestToken(server, { username: other.username, password: "right-pw", cloud_id: "c" })).status, 200);
});

test("a success clears its own username's failures only", async () => {
  const a = seed();
  const from = uniqueAddress();
  for (let i = 0; i < 9; i++) await requestToken(server, { username: a.username, password: "wrong", cloud_id: "c" }, from);
  assert.equal((await requestToken(server, { username: a.username, password: "right-pw", cloud_id: "c" }, from)).status, 200);
  for (let i = 0; i < 9; i++) assert.equal((await requestToken(server, { username: a.username, password: "wrong", cloud_id: "c" })).status, 401, "the username's count started again");
  for (let i = 0; i < 2; i++) assert.equal((await requestToken(server, { username: unique("x"), password: "x", cloud_id: "c" }, from)).status, 401);
  assert.equal((await requestToken(server, { username: a.username, password: "right-pw", cloud_id: "c" }, from)).status, 429, "the address kept its count");
});

test("the sync API without a token is 401 with a Bearer challenge; an unknown token says invalid_token", async () => {
  const none = await call(server.url, "GET", "/sync/devices");
  assert.equal(none.status, 401);
  assert.equal(none.headers.get("www-authenticate")?.[0], 'Bearer realm="Switchboard"');
  const basic = await call(server.url, "GET", "/sync/devices", { headers: { Authorization: "Basic YWRtaW46YWRtaW4=" } });
  assert.equal(basic.status, 401);
  const unknown = await new SyncClient(server, "not-a-token").devices();
  assert.equal(unknown.status, 401);
  assert.equal(unknown.headers.get("www-authenticate")?.[0], 'Bearer realm="Switchboard", error="invalid_token"');
});

test("an expired token is 401 until the identity signs in again", async () => {
  const { client, signIn } = await syncUser(server);
  server.app.db.prepare("UPDATE sso_tokens SET expires_at = ? WHERE username = ?").run(new Date(Date.now() - 1000).toISOString(), signIn.username);
  const res = await client.devices();
  assert.equal(res.status, 401);
  assert.match(res.json().error, /expired/);
  assert.equal((await new SyncClient(server, (await requestToken(server, signIn)).json().token).devices()).status, 200);
});

test("sync.token_days sets how long a token lasts", async (t) => {
  server.writeConfig("switchboard.yml", SETTINGS + "sync:\n  token_days: 2\n");
  t.after(() => server.writeConfig("switchboard.yml", SETTINGS));
  const a = seed();
  const { expires_at } = (await requestToken(server, { username: a.username, password: "right-pw", cloud_id: "c" })).json();
  const days = (Date.parse(expires_at) - Date.now()) / 86_400_000;
  assert.ok(days > 1.99 && days <= 2, String(days));
});

test("a bearer request from a foreign page is refused; native clients send no Origin", async () => {
  const { client } = await syncUser(server);
  const foreign = await client.as("PUT", "/sync/devices/web", { name: "x" }, { Origin: "https://evil.example" });
  assert.equal(foreign.status, 403);
  assert.equal((await client.devices()).json().devices.length, 0, "nothing was created");
  assert.equal((await client.as("PUT", "/sync/devices/web", { name: "x" }, { Origin: server.url })).status, 201, "our own page may");
  assert.equal((await client.putDevice("app")).status, 201);
});
