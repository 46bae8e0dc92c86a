// The page behind an account creation request's validation_url, without a browser: the page is served for a
// pending request token, and its confirmation counts only when posted from this server's own pages.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { findRequestToken } from "../../db/account-creation-tokens.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call } from "../helpers/sip-api.ts";

let server: TestServer;

before(async () => {
  server = await startTestServer({ "switchboard.yml": "accounts:\n  sip_domain: sip.example.com\n" });
});
after(() => server.close());

async function requestToken(): Promise<{ token: string; path: string }> {
  const { token, validation_url } = (await call(server.url, "POST", "/api/account_creation_request_tokens")).json();
  return { token, path: new URL(validation_url).pathname };
}

const confirm = (token: string, headers: Record<string, string>) =>
  call(server.url, "POST", "/creation_token/validate", { body: { account_creation_request_token: token }, headers });

const exchange = (token: string) =>
  call(server.url, "POST", "/api/account_creation_tokens/using-account-creation-request-token", { body: { account_creation_request_token: token } });

test("the validation page is a plain page with one button and our own script, no inline script", async () => {
  const { path } = await requestToken();
  const res = await server.get(path);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /^text\/html/);
  assert.equal((res.body.match(/<button/g) ?? []).length, 1);
  assert.match(res.body, /<script src="\/js\/creation-token\.js" defer><\/script>/);
  assert.doesNotMatch(res.body, /<script(?![^>]*\bsrc=)[^>]*>/, "no inline script");
  assert.match(res.headers.get("content-security-policy")!, /script-src 'self'/);
  assert.equal(res.headers.get("referrer-policy"), "no-referrer", "the token in the URL goes nowhere else");
  const script = await server.get("/js/creation-token.js");
  assert.equal(script.status, 200);
  assert.match(script.body, /\/creation_token\/validate/);
});

test("confirming from our own page validates the request, and the app then gets its creation token", async () => {
  const { token, path } = await requestToken();
  assert.equal((await server.get(path)).status, 200);
  const res = await confirm(token, { Origin: server.url, Referer: server.url + path });
  assert.equal(res.status, 200, res.body);
  assert.ok(findRequestToken(server.app.db, token)!.validated_at);
  assert.equal((await exchange(token)).status, 201);
});

test("a confirmation from another site's page is refused (403) and validates nothing", async () => {
  const { token } = await requestToken();
  const res = await confirm(token, { Origin: "https://evil.example" });
  assert.equal(res.status, 403);
  assert.equal(findRequestToken(server.app.db, token)!.validated_at, null);
  assert.equal((await exchange(token)).status, 404);
});

test("a confirmation without an Origin (not from a browser page) is refused (403)", async () => {
  const { token } = await requestToken();
  assert.equal((await confirm(token, {})).status, 403);
  assert.equal(findRequestToken(server.app.db, token)!.validated_at, null);
});

test("a confirmation sent as a form, not JSON, is refused (415) even from our origin", async () => {
  const { token } = await requestToken();
  const res = await server.request("/creation_token/validate", {
    method: "POST",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: `account_creation_request_token=${token}`,
  });
  assert.equal(res.status, 415);
  assert.equal(findRequestToken(server.app.db, token)!.validated_at, null);
});

test("confirming an unknown token is 422", async () => {
  const res = await confirm("0123456789abc", { Origin: server.url });
  assert.equal(res.status, 422);
  assert.deepEqual(Object.keys(res.json().errors), ["account_creation_request_token"]);
});

test("the page of an unknown or spent request token is a 404 page", async () => {
  const unknown = await server.get("/creation_token/check/0123456789abc");
  assert.equal(unknown.status, 404);
  assert.match(unknown.headers.get("content-type")!, /^text\/html/);
  const { token, path } = await requestToken();
  assert.equal((await confirm(token, { Origin: server.url })).status, 200);
  assert.equal((await exchange(token)).status, 201);
  assert.equal((await server.get(path)).status, 404);
});
