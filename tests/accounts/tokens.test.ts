// Account creation tokens as FlexiAPI 1.3.10's ApiAccountCreationTokenTest asserts them (the push cases are not
// ours) plus 1.5's testConsume: admins hand tokens out, a token creates one account and is spent, a validated
// request token is exchanged for a creation token, and a signed-in account may claim a token.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { findAccount } from "../../db/accounts.ts";
import { addCreationToken, findCreationToken, findRequestToken, validateRequestToken } from "../../db/account-creation-tokens.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call, DigestClient, seedAccount, seedApiKey, type ApiResponse } from "../helpers/sip-api.ts";

const DOMAIN = "sip.example.com";
const SETTINGS = `accounts:\n  sip_domain: ${DOMAIN}\n`;
const ACCOUNT_ROUTE = "/api/accounts/with-account-creation-token";
const EXCHANGE_ROUTE = "/api/account_creation_tokens/using-account-creation-request-token";
let server: TestServer;
let n = 0;
const unique = (prefix = "u") => `${prefix}${++n}`;

before(async () => {
  server = await startTestServer({ "switchboard.yml": SETTINGS });
});
after(() => server.close());

const post = (path: string, body?: unknown, headers: Record<string, string> = {}) => call(server.url, "POST", path, { body, headers });

/** A token as an admin would have handed it out (FlexiAPI's factory). */
const newToken = (): string => addCreationToken(server.app.db, `tok${String(++n).padStart(10, "0")}`, { ip: null, userAgent: null }).token;

function signedIn(o: { admin?: boolean } = {}) {
  const account = seedAccount(server.app.db, { username: unique(o.admin ? "admin" : "user"), domain: DOMAIN, admin: o.admin ? 1 : 0 });
  const key = seedApiKey(server.app.db, account);
  return { account, as: (method: string, path: string, body?: unknown) => call(server.url, method, path, { headers: { "x-api-key": key }, body }) };
}

const signUp = (username: string, token: string, extra: Record<string, unknown> = {}) =>
  post(ACCOUNT_ROUTE, { username, algorithm: "SHA-256", password: "2", account_creation_token: token, ...extra });

const errorsOf = (res: ApiResponse): string[] => Object.keys(res.json().errors ?? {});

test("an admin creates an account creation token (201) and it is stored unused", async () => {
  const res = await signedIn({ admin: true }).as("POST", "/api/account_creation_tokens");
  assert.equal(res.status, 201, res.body);
  const { token } = res.json();
  assert.match(token, /^[0-9a-zA-Z]{13}$/);
  assert.equal(findCreationToken(server.app.db, token)?.used, 0);
});

test("an account that is not an admin may not create account creation tokens (403)", async () => {
  const res = await signedIn().as("POST", "/api/account_creation_tokens");
  assert.equal(res.status, 403);
});

test("an unknown account creation token creates no account (422 on account_creation_token)", async () => {
  const username = unique();
  const res = await signUp(username, "0123456789abc");
  assert.equal(res.status, 422);
  assert.deepEqual(errorsOf(res), ["account_creation_token"]);
  assert.equal(findAccount(server.app.db, username, DOMAIN), undefined);
});

test("a valid token creates an account in the SIP domain, not activated, and is spent and linked to it", async () => {
  const token = newToken();
  const username = unique();
  const res = await signUp(username, token, { dtmf_protocol: "rfc2833" });
  assert.equal(res.status, 200, res.body);
  const body = res.json();
  assert.equal(body.username, username);
  assert.equal(body.domain, DOMAIN);
  assert.equal(body.activated, false);
  assert.equal(body.dtmf_protocol, "rfc2833");
  assert.ok(!("confirmation_key" in body), "the confirmation key is not shown");
  const account = findAccount(server.app.db, username, DOMAIN)!;
  const stored = findCreationToken(server.app.db, token)!;
  assert.equal(stored.used, 1);
  assert.equal(stored.account_id, account.id);
});

test("the new account signs in with the password it chose (Digest SHA-256)", async () => {
  const username = unique();
  assert.equal((await post(ACCOUNT_ROUTE, { username, algorithm: "SHA-256", password: "chosen-pw", account_creation_token: newToken() })).status, 200);
  const me = await new DigestClient(server.url, { username, domain: DOMAIN }, "chosen-pw", "SHA-256").request("GET", "/api/accounts/me");
  assert.equal(me.status, 200, me.body);
  assert.equal(me.json().username, username);
});

test("a spent token creates no second account (422)", async () => {
  const token = newToken();
  assert.equal((await signUp(unique(), token)).status, 200);
  const again = unique();
  const res = await signUp(again, token);
  assert.equal(res.status, 422);
  assert.deepEqual(errorsOf(res), ["account_creation_token"]);
  assert.equal(findAccount(server.app.db, again, DOMAIN), undefined);
});

test("two sign-ups racing with one token: exactly one account is created", async () => {
  const token = newToken();
  const names = [unique(), unique(), unique(), unique()];
  const statuses = (await Promise.all(names.map((name) => signUp(name, token)))).map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 422, 422, 422]);
  assert.equal(names.filter((name) => findAccount(server.app.db, name, DOMAIN)).length, 1);
});

test("a sign-up needs username, password, algorithm and token (422 naming each)", async () => {
  const res = await post(ACCOUNT_ROUTE, {});
  assert.equal(res.status, 422);
  assert.deepEqual(errorsOf(res).sort(), ["account_creation_token", "algorithm", "password", "username"]);
});

test("blacklisted usernames, exact or by regular expression, are refused on username; the token stays usable", async (t) => {
  server.writeConfig("switchboard.yml", `${SETTINGS}  blacklisted_usernames: "foobar,blacklisted,username-.*"\n`);
  t.after(() => server.writeConfig("switchboard.yml", SETTINGS));
  const token = newToken();
  for (const username of ["blacklisted", "username-gnap"]) {
    const res = await signUp(username, token);
    assert.equal(res.status, 422, username);
    assert.deepEqual(errorsOf(res), ["username"], username);
  }
  assert.equal((await signUp(`valid-username${++n}`, token)).status, 200);
});

test("a request token comes with the URL of the page where a person validates it (201)", async () => {
  const res = await post("/api/account_creation_request_tokens");
  assert.equal(res.status, 201, res.body);
  const { token, validation_url } = res.json();
  assert.match(token, /^[0-9a-zA-Z]{13}$/);
  assert.equal(validation_url, `${server.app.store.config.switchboard.public_url}/creation_token/check/${token}`);
});

test("a validated request token is exchanged for a creation token (201), spent and linked to it", async () => {
  const requestToken = (await post("/api/account_creation_request_tokens")).json().token;
  validateRequestToken(server.app.db, requestToken);
  const res = await post(EXCHANGE_ROUTE, { account_creation_request_token: requestToken });
  assert.equal(res.status, 201, res.body);
  const creationToken = findCreationToken(server.app.db, res.json().token)!;
  assert.equal(creationToken.used, 0);
  const request = findRequestToken(server.app.db, requestToken)!;
  assert.equal(request.used, 1);
  assert.equal(request.account_creation_token_id, creationToken.id);
  assert.equal((await signUp(unique(), creationToken.token)).status, 200, "the creation token creates an account");
});

test("a request token nobody validated yet gives no creation token (404) and stays usable", async () => {
  const requestToken = (await post("/api/account_creation_request_tokens")).json().token;
  assert.equal((await post(EXCHANGE_ROUTE, { account_creation_request_token: requestToken })).status, 404);
  validateRequestToken(server.app.db, requestToken);
  assert.equal((await post(EXCHANGE_ROUTE, { account_creation_request_token: requestToken })).status, 201);
});

test("an unknown, missing or spent request token is refused with 422", async () => {
  assert.equal((await post(EXCHANGE_ROUTE, { account_creation_request_token: "0123456789abc" })).status, 422);
  assert.deepEqual(errorsOf(await post(EXCHANGE_ROUTE, {})), ["account_creation_request_token"]);
  const requestToken = (await post("/api/account_creation_request_tokens")).json().token;
  validateRequestToken(server.app.db, requestToken);
  assert.equal((await post(EXCHANGE_ROUTE, { account_creation_request_token: requestToken })).status, 201);
  assert.equal((await post(EXCHANGE_ROUTE, { account_creation_request_token: requestToken })).status, 422);
});

test("a signed-in account consumes an unused creation token once (200); unknown or spent is 404", async () => {
  const { account, as } = signedIn();
  const token = newToken();
  assert.equal((await as("POST", "/api/account_creation_tokens/consume", { account_creation_token: "123" })).status, 404);
  const res = await as("POST", "/api/account_creation_tokens/consume", { account_creation_token: token });
  assert.equal(res.status, 200, res.body);
  assert.equal(res.json().used, true);
  assert.equal(res.json().account_id, account.id);
  assert.equal((await as("POST", "/api/account_creation_tokens/consume", { account_creation_token: token })).status, 404);
});
