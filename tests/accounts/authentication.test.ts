// The `sip` guard, case by case as FlexiAPI 1.3.10's ApiAuthenticationTest asserts it: API keys, Digest with MD5
// and SHA-256 (stored hashes or a clear password), nonces and nc, and what each failure answers.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { deleteNonce, findNonce } from "../../db/digest-nonces.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call, challengesOf, DigestClient, digestAuthorization, seedAccount, seedApiKey } from "../helpers/sip-api.ts";

const ME = "/api/accounts/me";
const DOMAIN = "sip.example.com";
let server: TestServer;
let n = 0;
/** Every test its own account, so no test sees another's nonces or keys. */
const account = (o: Partial<Parameters<typeof seedAccount>[1]> = {}) => seedAccount(server.app.db, { username: `user${++n}`, domain: DOMAIN, ...o });
const from = (a: { username: string; domain: string }) => ({ From: `sip:${a.username}@${a.domain}` });

before(async () => {
  server = await startTestServer({ "switchboard.yml": `accounts:\n  sip_domain: ${DOMAIN}\n` });
});
after(() => server.close());

test("without a From header the request is refused with 422 (which account would it be?)", async () => {
  account();
  const res = await call(server.url, "GET", ME);
  assert.equal(res.status, 422);
  assert.ok(res.json().errors.from, "the From field is named");
});

test("a From naming no account is 404", async () => {
  const res = await call(server.url, "GET", ME, { headers: { From: "sip:missing@username" } });
  assert.equal(res.status, 404);
});

test("a known account without credentials gets 401 and a Digest challenge", async () => {
  const a = account();
  const res = await call(server.url, "GET", ME, { headers: from(a) });
  assert.equal(res.status, 401);
  assert.match(res.json().message, /Unauthenticated request/);
  const [challenge] = challengesOf(res);
  assert.equal(challenge.algorithm, "MD5");
  assert.equal(challenge.qop, "auth");
  assert.equal(challenge.realm, DOMAIN, "the realm is the account's domain when accounts.realm is not set");
});

test("a valid API key signs in without Digest, whatever the From header says", async () => {
  const a = account();
  const key = seedApiKey(server.app.db, a);
  const res = await call(server.url, "GET", ME, { headers: { "x-api-key": key, From: "sip:baduser@server.tld" } });
  assert.equal(res.status, 200);
  assert.equal(res.json().username, a.username);
});

test("an unknown API key is 401, not a fall-back to Digest", async () => {
  const a = account();
  const res = await call(server.url, "GET", ME, { headers: { "x-api-key": "not-a-key", ...from(a) } });
  assert.equal(res.status, 401);
  assert.equal(challengesOf(res).length, 0);
});

test("an API key in the x-api-key cookie signs in too", async () => {
  const a = account();
  const key = seedApiKey(server.app.db, a);
  const res = await call(server.url, "GET", ME, { headers: { Cookie: `x-api-key=${key}` } });
  assert.equal(res.status, 200);
});

test("an account with MD5 and SHA-256 passwords is challenged once per algorithm, MD5 first", async () => {
  const a = account({ algorithm: "MD5" });
  const { addSha256 } = await import("./helpers.ts");
  addSha256(server.app.db, a, "secret-123");
  const res = await call(server.url, "GET", ME, { headers: from(a) });
  assert.equal(res.status, 401);
  assert.deepEqual(challengesOf(res).map((c) => c.algorithm), ["MD5", "SHA-256"]);
});

test("MD5 Digest signs in, and the answer carries the next challenge with the same nonce", async () => {
  const a = account({ algorithm: "MD5", password: "pw-md5" });
  const first = await call(server.url, "GET", ME, { headers: from(a) });
  const [ch] = challengesOf(first);
  const res = await call(server.url, "GET", ME, { headers: { ...from(a), Authorization: digestAuthorization(ch, { username: a.username, password: "pw-md5", method: "GET", uri: ME, nc: 1 }) } });
  assert.equal(res.status, 200, res.body);
  const [next] = challengesOf(res);
  assert.equal(next.algorithm, "MD5");
  assert.equal(next.nonce, ch.nonce);
});

test("SHA-256 Digest signs in", async () => {
  const a = account({ algorithm: "SHA-256", password: "pw-sha" });
  const res = await new DigestClient(server.url, a, "pw-sha", "SHA-256").request("GET", ME);
  assert.equal(res.status, 200, res.body);
  assert.equal(challengesOf(res)[0].algorithm, "SHA-256");
});

test("answering a SHA-256-only account with MD5 is 401", async () => {
  const a = account({ algorithm: "SHA-256", password: "pw" });
  const [ch] = challengesOf(await call(server.url, "GET", ME, { headers: from(a) }));
  const res = await call(server.url, "GET", ME, {
    headers: { ...from(a), Authorization: digestAuthorization(ch, { username: a.username, password: "pw", method: "GET", uri: ME, nc: 1, algorithm: "MD5" }) },
  });
  assert.equal(res.status, 401);
  assert.match(res.body, /Wrong algorithm/);
});

test("a clear password is offered with both algorithms and SHA-256 signs in", async () => {
  const a = account({ algorithm: "CLRTXT", password: "clear-pw" });
  const first = await call(server.url, "GET", ME, { headers: from(a) });
  assert.deepEqual(challengesOf(first).map((c) => c.algorithm), ["MD5", "SHA-256"]);
  const res = await new DigestClient(server.url, a, "clear-pw", "SHA-256").request("GET", ME);
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(challengesOf(res).map((c) => c.algorithm), ["MD5", "SHA-256"]);
});

test("with accounts.realm set, the realm of the challenge and the hash is the configured one", async (t) => {
  server.writeConfig("switchboard.yml", `accounts:\n  sip_domain: ${DOMAIN}\n  realm: realm.com\n`);
  t.after(() => server.writeConfig("switchboard.yml", `accounts:\n  sip_domain: ${DOMAIN}\n`));
  const a = account({ algorithm: "CLRTXT", password: "clear-pw" });
  const client = new DigestClient(server.url, a, "clear-pw", "SHA-256");
  const res = await client.request("GET", ME);
  assert.equal(res.status, 200, res.body);
  assert.equal(challengesOf(res)[0].realm, "realm.com");
  assert.equal(res.json().realm, "realm.com");
});

test("a wrong password is 401 with a fresh challenge", async () => {
  const a = account({ password: "right" });
  const res = await new DigestClient(server.url, a, "wrong").request("GET", ME);
  assert.equal(res.status, 401);
  assert.equal(challengesOf(res).length, 1);
});

test("a non-ASCII password is hashed as UTF-8", async () => {
  const a = account({ algorithm: "SHA-256", password: "nonascii€" });
  assert.equal((await new DigestClient(server.url, a, "nonascii€", "SHA-256").request("GET", ME)).status, 200);
});

test("nc must grow: the same nonce with the same nc again is 'Nonce replayed' and the nonce is gone", async () => {
  const a = account({ password: "pw" });
  const [ch] = challengesOf(await call(server.url, "GET", ME, { headers: from(a) }));
  const send = (nc: number) => call(server.url, "GET", ME, { headers: { ...from(a), Authorization: digestAuthorization(ch, { username: a.username, password: "pw", method: "GET", uri: ME, nc }) } });
  assert.equal((await send(1)).status, 200);
  assert.equal((await send(2)).status, 200);
  const replay = await send(2);
  assert.equal(replay.status, 401);
  assert.match(replay.body, /Nonce replayed/);
  assert.equal(findNonce(server.app.db, a.id, ch.nonce), undefined);
  assert.equal((await send(3)).status, 401, "a deleted nonce stays dead");
});

test("a nonce the server no longer has is 'Nonce invalid', with a new MD5 challenge", async () => {
  const a = account({ password: "pw" });
  const [ch] = challengesOf(await call(server.url, "GET", ME, { headers: from(a) }));
  deleteNonce(server.app.db, findNonce(server.app.db, a.id, ch.nonce)!.id);
  const res = await call(server.url, "GET", ME, { headers: { ...from(a), Authorization: digestAuthorization(ch, { username: a.username, password: "pw", method: "GET", uri: ME, nc: 1 }) } });
  assert.equal(res.status, 401);
  assert.match(res.body, /Nonce invalid/);
  assert.equal(challengesOf(res)[0].algorithm, "MD5");
});

test("a response computed for another URI, realm, opaque or username is refused field by field", async () => {
  const a = account({ password: "pw" });
  const [ch] = challengesOf(await call(server.url, "GET", ME, { headers: from(a) }));
  const auth = (nc: number, over: Partial<typeof ch> & { uri?: string; username?: string } = {}) =>
    digestAuthorization({ ...ch, ...over }, { username: over.username ?? a.username, password: "pw", method: "GET", uri: over.uri ?? ME, nc });
  const cases: [string, string][] = [
    ["uri", auth(1, { uri: "/api/accounts" })],
    ["realm", auth(2, { realm: "other.example" })],
    ["opaque", auth(3, { opaque: "forged" })],
    ["username", auth(4, { username: "someone" })],
  ];
  for (const [field, authorization] of cases) {
    const res = await call(server.url, "GET", ME, { headers: { ...from(a), Authorization: authorization } });
    assert.equal(res.status, 422, field);
    assert.ok(res.json().errors[field], `${field} is named`);
  }
});

test("a blocked account is 403 even with the right credentials", async () => {
  const a = account({ blocked: 1 });
  const key = seedApiKey(server.app.db, a);
  const res = await call(server.url, "GET", ME, { headers: { "x-api-key": key } });
  assert.equal(res.status, 403);
  assert.match(res.body, /Account blocked/);
});
