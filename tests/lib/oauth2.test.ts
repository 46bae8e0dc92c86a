import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import { after, before, test } from "node:test";
import { getJson, UpstreamError } from "../../core/contacts/upstream.ts";
import { authorizeUrl, classify, exchangeCode, OAuthError, pkcePair, refreshTokens, type OAuthClient } from "../../lib/oauth2.ts";

// A token endpoint whose answer each test sets.
let answer: { status: number; body: string; type?: string } = { status: 200, body: "{}" };
let lastForm: URLSearchParams | undefined;
let server: Server;
let base = "";
before(async () => {
  server = createServer(async (req, res) => {
    let raw = "";
    for await (const c of req) raw += c;
    lastForm = new URLSearchParams(raw);
    res.writeHead(answer.status, { "Content-Type": answer.type ?? "application/json" }).end(answer.body);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => server.close());

const client = (): OAuthClient => ({ clientId: "id", clientSecret: "s3cret", authorizeUrl: `${base}/authorize?tenant=x`, tokenUrl: `${base}/token` });

test("PKCE S256: the challenge is the base64url SHA-256 of the verifier", () => {
  const { verifier, challenge } = pkcePair();
  assert.ok(verifier.length >= 43 && verifier.length <= 128);
  assert.equal(challenge, createHash("sha256").update(verifier).digest("base64url"));
});

test("the authorize URL keeps the endpoint's own query and adds the OAuth parameters", () => {
  const u = new URL(authorizeUrl(client(), { redirectUri: "http://sb/oauth-grant", scope: "a b", state: "st", codeChallenge: "ch", extra: { prompt: "select_account" } }));
  assert.equal(u.searchParams.get("tenant"), "x");
  assert.deepEqual(Object.fromEntries([...u.searchParams].filter(([k]) => k !== "tenant")), {
    response_type: "code", client_id: "id", redirect_uri: "http://sb/oauth-grant", scope: "a b", state: "st",
    code_challenge: "ch", code_challenge_method: "S256", prompt: "select_account",
  });
});

test("code exchange and refresh are form-encoded POSTs with the client credentials", async () => {
  answer = { status: 200, body: JSON.stringify({ access_token: "at", refresh_token: "rt", expires_in: 3600, scope: "x" }) };
  const t = await exchangeCode(client(), { code: "c", redirectUri: "http://sb/cb", codeVerifier: "v" });
  assert.equal(t.accessToken, "at");
  assert.equal(t.refreshToken, "rt");
  assert.ok(t.expiresAt!.getTime() > Date.now() + 3_500_000);
  assert.deepEqual(Object.fromEntries(lastForm!), { client_id: "id", client_secret: "s3cret", grant_type: "authorization_code", code: "c", redirect_uri: "http://sb/cb", code_verifier: "v" });
  answer = { status: 200, body: JSON.stringify({ access_token: "at2" }) };
  const r = await refreshTokens(client(), "rt");
  assert.deepEqual([r.refreshToken, r.expiresAt], [null, null]);
  assert.equal(lastForm!.get("grant_type"), "refresh_token");
});

test("errors are classified by what a person has to fix", async () => {
  const kind = async (status: number, body: string) => {
    answer = { status, body };
    return exchangeCode(client(), { code: "c", redirectUri: "r", codeVerifier: "v" }).then(() => "ok", (e: OAuthError) => e.kind);
  };
  assert.equal(await kind(401, JSON.stringify({ error: "invalid_client" })), "invalid_client");
  assert.equal(await kind(400, JSON.stringify({ error: "invalid_request", error_description: "AADSTS7000215: Invalid client secret provided." })), "invalid_client");
  assert.equal(await kind(400, JSON.stringify({ error: "invalid_grant", error_description: "AADSTS50011: redirect URI mismatch" })), "redirect_uri");
  assert.equal(await kind(400, JSON.stringify({ error: "invalid_grant" })), "invalid_grant");
  assert.equal(await kind(400, JSON.stringify({ error: "temporarily_unavailable" })), "provider");
  assert.equal(await kind(502, "<html>bad gateway</html>"), "unreachable");
  assert.equal(await kind(200, "not json"), "bad_response");
  assert.equal(classify("unauthorized_client").kind, "invalid_client");
  assert.equal(classify("invalid_redirect_uri").kind, "redirect_uri");
});

test("an unreachable token endpoint is 'unreachable'", async () => {
  const dead = { ...client(), tokenUrl: "http://127.0.0.1:1/token" };
  await assert.rejects(refreshTokens(dead, "rt"), (e: OAuthError) => e.kind === "unreachable" && /could not be reached/.test(e.message));
});

test("provider API answers: status, the provider's message, non-JSON and unreachable", async () => {
  answer = { status: 403, body: JSON.stringify({ error: { code: "Forbidden", message: "Access is denied." } }) };
  await assert.rejects(getJson(`${base}/me`, "t"), (e: UpstreamError) => e.status === 403 && /HTTP 403 \(Access is denied\.\)/.test(e.message));
  answer = { status: 500, body: JSON.stringify({ message: "boom" }) };
  await assert.rejects(getJson(`${base}/me`, "t"), /HTTP 500 \(boom\)/);
  answer = { status: 200, body: "<html>", type: "text/html" };
  await assert.rejects(getJson(`${base}/me`, "t"), /not JSON/);
  await assert.rejects(getJson("http://127.0.0.1:1/me", "t"), (e: UpstreamError) => e.status === undefined);
  answer = { status: 200, body: JSON.stringify({ value: [1] }) };
  assert.deepEqual(await getJson(`${base}/me`, "t"), { value: [1] });
  assert.equal(lastForm!.toString(), "", "a GET has no body");
});
