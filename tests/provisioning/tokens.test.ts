// Who gets a provisioning document, and how often (FlexiAPI's AccountProvisioningTest): the signed-in account, a
// one-shot provisioning token that activates the account, an attached auth token; the x-linphone-provisioning
// header when required; ?reset_password; and the QR code of a token's URL, decoded back.
import assert from "node:assert/strict";
import { after, before, test, type TestContext } from "node:test";
import jsQRModule from "jsqr";
import { PNG } from "pngjs";
import { findAccount, getAccount, passwordsOf, updateAccount } from "../../db/accounts.ts";
import { addSha256 } from "../accounts/helpers.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call, DigestClient, seedAccount, seedApiKey } from "../helpers/sip-api.ts";
import { assertXml, provision, values } from "./helpers.ts";

const DOMAIN = "sip.example.com";
const PUBLIC_URL = "http://pbx.example.com:8080";
const BASE_YML = `public_url: "${PUBLIC_URL}"\naccounts:\n  sip_domain: ${DOMAIN}\n`;
const HEADER = { "x-linphone-provisioning": "true" };
let server: TestServer;
let n = 0;

before(async () => {
  server = await startTestServer({ "switchboard.yml": BASE_YML });
});
after(() => server.close());

function requireHeader(t: TestContext): void {
  server.writeConfig("switchboard.yml", `${BASE_YML}  provisioning: {require_header: true}\n`);
  t.after(() => server.writeConfig("switchboard.yml", BASE_YML));
}

/** A deactivated account waiting for its provisioning, as an admin creates one. */
function pending(o: { password?: string } = {}) {
  const token = `tok${++n}${"x".repeat(10)}`.slice(0, 13);
  const account = seedAccount(server.app.db, { username: `bob${n}`, domain: DOMAIN, activated: 0, provisioning_token: token, password: o.password ?? "old-pw" });
  return { account, token, key: seedApiKey(server.app.db, account) };
}

// jsqr's types describe an ES default export, its code is CommonJS: what the import gives is the function itself.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

const reload = (id: number) => getAccount(server.app.db, id)!;

async function decodeQr(png: Buffer): Promise<string | undefined> {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

test("a provisioning token gives the account's document once and activates the account; the second call is 404", async () => {
  const { account, token } = pending();
  assert.equal((await provision(server.url, "/provisioning/1234")).status, 404, "an unknown token");
  const doc = assertXml(await provision(server.url, `/provisioning/${token}`));
  assert.equal(values(doc, "auth_info_0").ha1, passwordsOf(server.app.db, account.id)[0].hash);
  assert.equal(values(doc, "proxy_0").reg_identity, `<sip:${account.username}@${DOMAIN}>`);
  const after = reload(account.id);
  assert.equal(after.activated, 1);
  assert.equal(after.provisioning_token, null);
  assert.equal((await provision(server.url, `/provisioning/${token}`)).status, 404);
});

test("a fresh token from /api/accounts/me/provision or the admin's /api/accounts/{id}/provision provisions again", async () => {
  const { account, token, key } = pending();
  await provision(server.url, `/provisioning/${token}`);
  const mine = await call(server.url, "GET", "/api/accounts/me/provision", { headers: { "x-api-key": key } });
  assert.equal(mine.status, 200, mine.body);
  assert.notEqual(mine.json().provisioning_token, token);
  assertXml(await provision(server.url, `/provisioning/${mine.json().provisioning_token}`));
  const admin = seedAccount(server.app.db, { username: `admin${++n}`, domain: DOMAIN, admin: 1 });
  const theirs = await call(server.url, "GET", `/api/accounts/${account.id}/provision`, { headers: { "x-api-key": seedApiKey(server.app.db, admin) } });
  assert.equal(theirs.status, 200, theirs.body);
  assertXml(await provision(server.url, `/provisioning/${theirs.json().provisioning_token}`));
});

test("?reset_password: a new password replaces the old ones, its HA1 is in the document and signs in with Digest", async () => {
  const { account, token } = pending({ password: "old-pw" });
  addSha256(server.app.db, account, "old-pw");
  const doc = assertXml(await provision(server.url, `/provisioning/${token}?reset_password`));
  const stored = passwordsOf(server.app.db, account.id);
  assert.deepEqual(stored.map((p) => p.algorithm), ["SHA-256"]);
  const auth = values(doc, "auth_info_0");
  assert.deepEqual(auth, { username: account.username, domain: DOMAIN, ha1: stored[0].hash, realm: DOMAIN, algorithm: "SHA-256" });
  assert.ok(!doc.has("auth_info_1"));
  const withHa1 = new DigestClient(server.url, account, { ha1: auth.ha1 }, "SHA-256");
  assert.equal((await withHa1.request("GET", "/api/accounts/me")).status, 200);
  const withOld = new DigestClient(server.url, account, "old-pw", "SHA-256");
  assert.equal((await withOld.request("GET", "/api/accounts/me")).status, 401);
});

test("/provisioning/me with Digest (MD5 and SHA-256) or an API key, as often as asked", async () => {
  const account = seedAccount(server.app.db, { username: `carol${++n}`, domain: DOMAIN, password: "pw" });
  addSha256(server.app.db, account, "pw");
  for (const algorithm of ["MD5", "SHA-256"] as const) {
    const client = new DigestClient(server.url, account, "pw", algorithm);
    const doc = assertXml(await client.request("GET", "/provisioning/me"));
    assert.ok(values(doc, "auth_info_0").ha1);
    assert.ok(values(doc, "misc")["contacts-vcard-list"]);
  }
  const key = seedApiKey(server.app.db, account);
  for (let i = 0; i < 2; i++) assertXml(await provision(server.url, "/provisioning/me", { "x-api-key": key }));
});

test("/provisioning/me without credentials is 401 with the Digest challenges", async () => {
  const account = seedAccount(server.app.db, { username: `dave${++n}`, domain: DOMAIN });
  const res = await provision(server.url, "/provisioning/me", { From: `sip:${account.username}@${DOMAIN}` });
  assert.equal(res.status, 401);
  assert.match(res.headers.get("www-authenticate")?.[0] ?? "", /^Digest /);
});

test("require_header: without x-linphone-provisioning, /provisioning, /me and /{token} are 400 and the token stays", async (t) => {
  requireHeader(t);
  const { account, token, key } = pending();
  for (const [path, headers] of [["/provisioning", {}], ["/provisioning/me", { "x-api-key": key }], [`/provisioning/${token}`, {}]] as const) {
    const res = await provision(server.url, path, headers);
    assert.equal(res.status, 400, path);
    assert.equal(res.json().message, "x-linphone-provisioning header is missing");
  }
  assert.equal(reload(account.id).activated, 0);
  assert.equal(reload(account.id).provisioning_token, token);
  assertXml(await provision(server.url, "/provisioning", HEADER));
  assertXml(await provision(server.url, "/provisioning/me", { ...HEADER, "x-api-key": key }));
  assertXml(await provision(server.url, `/provisioning/${token}`, HEADER));
  assert.equal(reload(account.id).activated, 1);
});

test("without require_header (the default) no header is needed", async () => {
  assertXml(await provision(server.url, "/provisioning"));
});

test("an auth token attached by a signed-in account provisions that account once; then 404", async () => {
  const created = await call(server.url, "POST", "/api/accounts/auth_token");
  assert.equal(created.status, 201);
  const authToken = created.json().token;
  const account = seedAccount(server.app.db, { username: `erin${++n}`, domain: DOMAIN });
  const attach = await call(server.url, "GET", `/api/accounts/auth_token/${authToken}/attach`, { headers: { "x-api-key": seedApiKey(server.app.db, account) } });
  assert.equal(attach.status, 200, attach.body);
  const doc = assertXml(await provision(server.url, `/provisioning/auth_token/${authToken}`));
  assert.equal(values(doc, "proxy_0").reg_identity, `<sip:${account.username}@${DOMAIN}>`);
  assert.equal((await provision(server.url, `/provisioning/auth_token/${authToken}`)).status, 404);
  const unattached = (await call(server.url, "POST", "/api/accounts/auth_token")).json().token;
  assert.equal((await provision(server.url, `/provisioning/auth_token/${unattached}`)).status, 404, "an auth token nobody attached");
});

test("the QR code is a PNG of the provisioning URL, which X-Qrcode-URL repeats; showing it does not spend the token", async () => {
  const { account, token } = pending();
  const res = await fetch(`${server.url}/provisioning/qrcode/${token}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "image/png");
  const url = `${PUBLIC_URL}/provisioning/${token}`;
  assert.equal(res.headers.get("x-qrcode-url"), url);
  assert.equal(await decodeQr(Buffer.from(await res.arrayBuffer())), url);
  assert.equal(reload(account.id).provisioning_token, token);
  assertXml(await provision(server.url, `/provisioning/${token}`));
  assert.equal((await fetch(`${server.url}/provisioning/qrcode/${token}`)).status, 404, "a spent token has no QR code");
});

test("the QR code of ?reset_password carries the password reset on in its URL", async () => {
  const { token } = pending();
  const res = await fetch(`${server.url}/provisioning/qrcode/${token}?reset_password`);
  const url = `${PUBLIC_URL}/provisioning/${token}?reset_password=1`;
  assert.equal(res.headers.get("x-qrcode-url"), url);
  assert.equal(await decodeQr(Buffer.from(await res.arrayBuffer())), url);
});

test("an unknown token has no QR code (404)", async () => {
  assert.equal((await fetch(`${server.url}/provisioning/qrcode/unknown`)).status, 404);
});

test("an account whose activation expired: its token and QR code are 404", async () => {
  const { account, token } = pending();
  updateAccount(server.app.db, account, { confirmation_key_expires: "2020-01-01 00:00:00" });
  assert.equal((await provision(server.url, `/provisioning/${token}`)).status, 404);
  assert.equal((await fetch(`${server.url}/provisioning/qrcode/${token}`)).status, 404);
  assert.equal(reload(account.id).activated, 0);
});

test("a blocked account's token is refused (403) and stays unspent", async () => {
  const { account, token } = pending();
  updateAccount(server.app.db, account, { blocked: 1 });
  assert.equal((await provision(server.url, `/provisioning/${token}`)).status, 403);
  assert.equal(findAccount(server.app.db, account.username, DOMAIN)!.provisioning_token, token);
});

test("HEAD (a link checker, a mail scanner) is refused: it spends no token and resets no password", async () => {
  const { account, token, key } = pending();
  const before = passwordsOf(server.app.db, account.id);
  const head = await call(server.url, "HEAD", `/provisioning/${token}?reset_password`);
  assert.equal(head.status, 405);
  assert.equal(head.headers.get("allow")?.[0], "GET, OPTIONS", "a GET that changes something is not offered as HEAD");
  const meHead = await call(server.url, "HEAD", "/provisioning/me?reset_password", { headers: { "x-api-key": key } });
  assert.equal(meHead.status, 405);
  const after = reload(account.id);
  assert.equal(after.provisioning_token, token);
  assert.equal(after.activated, 0);
  assert.deepEqual(passwordsOf(server.app.db, account.id), before);
  assertXml(await provision(server.url, `/provisioning/${token}`));
});
