// The JSON behind the SIP-account admin pages (/api/admin/accounts…): serviceconfig.yml admins only, changes only
// from our own pages, prefix search and pages, FlexiAPI's field rules for create and the partial update, flags,
// delete with a tombstone, an API key shown once, types and DTMF actions.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, test } from "node:test";
import { findAccount, getAccount, passwordsOf, type AccountFields } from "../../db/accounts.ts";
import { ADMIN_AND_MONITOR_SERVICECONFIG, startTestServer, type TestServer } from "../helpers/server.ts";
import { call, seedAccount, type ApiResponse } from "../helpers/sip-api.ts";
import { DOMAIN, SETTINGS, unique } from "./callers.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer({ "serviceconfig.yml": ADMIN_AND_MONITOR_SERVICECONFIG, "switchboard.yml": SETTINGS });
});
after(() => server.close());

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const ADMIN = basic("admin", "admin-pass");
const MONITOR = basic("monitor", "monitor-pass");

/** A request as the admin pages send it: Basic credentials, our Origin, a JSON body on every change. */
function as(authorization: string, method: string, path: string, body?: unknown): Promise<ApiResponse> {
  if (method === "GET") return call(server.url, method, path, { headers: { Authorization: authorization } });
  const payload = body ?? {};
  // Node's client sends a DELETE body without a length unless told it.
  const headers = { Authorization: authorization, Origin: server.url, "Content-Length": String(Buffer.byteLength(JSON.stringify(payload))) };
  return call(server.url, method, path, { headers, body: payload });
}
const admin = (method: string, path: string, body?: unknown) => as(ADMIN, method, path, body);

/** A seeded account with a name no other test uses. */
const seed = (prefix: string, o: Partial<AccountFields> = {}) =>
  seedAccount(server.app.db, { username: unique(prefix), domain: DOMAIN, ...o });

test("a monitor or an anonymous caller may not use the account JSON or pages", async () => {
  const account = seed("guarded");
  for (const path of ["/api/admin/accounts", `/api/admin/accounts/${account.id}`, "/api/admin/account-types", "/accounts", `/accounts/${account.id}`]) {
    assert.equal((await call(server.url, "GET", path)).status, 401, `anonymous ${path}`);
    assert.equal((await as(MONITOR, "GET", path)).status, 403, `monitor ${path}`);
  }
  assert.equal((await as(MONITOR, "PATCH", `/api/admin/accounts/${account.id}`, { blocked: true })).status, 403);
  assert.equal((await as(MONITOR, "POST", `/api/admin/accounts/${account.id}/api-key`)).status, 403);
  assert.equal(getAccount(server.app.db, account.id)!.blocked, 0);
});

test("a cross-site or form POST is refused, even with an admin's credentials", async () => {
  const username = unique("crosssite");
  const body = JSON.stringify({ username, password: "secret-123", algorithm: "MD5" });
  const post = (headers: Record<string, string>, payload = body) =>
    server.request("/api/admin/accounts", { method: "POST", body: payload, headers: { Authorization: ADMIN, ...headers } });
  assert.equal((await post({ "Content-Type": "application/json", Origin: "http://evil.example" })).status, 403);
  assert.equal((await post({ "Content-Type": "application/json" })).status, 403, "no Origin");
  assert.equal((await post({ "Content-Type": "application/x-www-form-urlencoded", Origin: server.url }, `username=${username}`)).status, 415);
  assert.equal(findAccount(server.app.db, username, DOMAIN), undefined);
});

test("the search finds accounts by username prefix, email prefix and SIP address", async () => {
  const alice = seed("findalice", { email: "alice.w@corp.example" });
  const alina = seed("findalina");
  const bob = seed("findbob", { email: "bob.smith@corp.example", display_name: "Bob" });
  const found = async (q: string) =>
    (await admin("GET", `/api/admin/accounts?q=${encodeURIComponent(q)}`)).json().accounts.map((a: { id: number }) => a.id);
  assert.deepEqual(await found("findali"), [alice.id, alina.id], "username prefix, in username order");
  assert.deepEqual(await found("FindAli"), [alice.id, alina.id], "usernames are lower-case");
  assert.deepEqual(await found("bob.smith@corp"), [bob.id], "email prefix");
  assert.deepEqual(await found("Alice.W"), [alice.id], "email prefix typed in capitals");
  assert.deepEqual(await found(`${bob.username}@sip.ex`), [bob.id], "SIP address with a partial domain");
  assert.deepEqual(await found(`sip:${bob.username}@${DOMAIN}`), [bob.id], "sip: URI");
  assert.deepEqual(await found(`${bob.username}@other.example`), [], "another domain");
  assert.deepEqual(await found("%ali%"), [], "no LIKE patterns");
  assert.deepEqual(await found("indali"), [], "a prefix, not a substring");
  const [row] = (await admin("GET", `/api/admin/accounts?q=${bob.username}`)).json().accounts;
  assert.deepEqual(row, { id: bob.id, username: bob.username, domain: DOMAIN, display_name: "Bob", email: "bob.smith@corp.example", activated: true, blocked: false, admin: false });
});

test("the list pages by 20 in username order and says how many there are", async () => {
  const prefix = unique("paging");
  const ids = Array.from({ length: 45 }, (_, i) => seedAccount(server.app.db, { username: `${prefix}-${String(i).padStart(2, "0")}`, domain: DOMAIN }).id);
  const page = async (n: string) => (await admin("GET", `/api/admin/accounts?q=${prefix}-&page=${n}`)).json();
  const first = await page("1");
  assert.deepEqual({ ...first, accounts: first.accounts.length }, { query: `${prefix}-`, page: 1, per_page: 20, total: 45, last_page: 3, accounts: 20 });
  assert.deepEqual(first.accounts.map((a: { id: number }) => a.id), ids.slice(0, 20));
  assert.deepEqual((await page("3")).accounts.map((a: { id: number }) => a.id), ids.slice(40));
  assert.deepEqual((await page("4")).accounts, [], "past the end");
  assert.equal((await page("nope")).page, 1);
  const all = (await admin("GET", "/api/admin/accounts")).json();
  assert.ok(all.total >= 45 && all.accounts.length === 20, "no query: every account");
});

test("an admin creates an account: 201, and neither its password hash nor a token comes back", async () => {
  const username = unique("created");
  const res = await admin("POST", "/api/admin/accounts", {
    username, password: "pass-1234", algorithm: "SHA-256", email: "new@corp.example", display_name: "New One", phone: "+33612345678",
    dtmf_protocol: "rfc2833", activated: true, admin: false,
  });
  assert.equal(res.status, 201, res.body);
  const a = res.json();
  assert.deepEqual(
    { username: a.username, domain: a.domain, email: a.email, display_name: a.display_name, phone: a.phone, dtmf_protocol: a.dtmf_protocol, activated: a.activated, admin: a.admin, blocked: a.blocked, passwords: a.passwords, api_key: a.api_key },
    { username, domain: DOMAIN, email: "new@corp.example", display_name: "New One", phone: "+33612345678", dtmf_protocol: "rfc2833", activated: true, admin: false, blocked: false, passwords: [{ algorithm: "SHA-256" }], api_key: null },
  );
  const [stored] = passwordsOf(server.app.db, a.id);
  assert.equal(stored.hash, createHash("sha256").update(`${username}:${DOMAIN}:pass-1234`).digest("hex"));
  for (const secret of [stored.hash, "pass-1234", "provisioning_token", "confirmation_key\""]) assert.ok(!res.body.includes(secret), secret);
  const inactive = (await admin("POST", "/api/admin/accounts", { username: unique("pending"), password: "pass-1234", algorithm: "MD5" })).json();
  assert.equal(inactive.activated, false);
  assert.equal(inactive.provisioning_pending, true, "waiting for its provisioning, without showing the token");
});

test("an account with wrong fields is 422 with a message per field, and nothing is stored", async () => {
  const res = await admin("POST", "/api/admin/accounts", { username: "Not Lower", algorithm: "SHA-1", email: "nope", phone: "0612", dtmf_protocol: "tones", activated: "yes" });
  assert.equal(res.status, 422);
  const body = res.json();
  assert.deepEqual(Object.keys(body.errors).sort(), ["activated", "algorithm", "dtmf_protocol", "email", "password", "phone", "username"]);
  assert.deepEqual(body.errors.password, ["The password field is required."]);
  assert.deepEqual(body.errors.algorithm, ["The password algorithm must be in MD5, SHA-256"]);
  assert.match(body.error, /\(and 6 more errors\)$/);
  assert.equal(findAccount(server.app.db, "Not Lower", DOMAIN), undefined);
  const taken = seed("taken");
  const again = await admin("POST", "/api/admin/accounts", { username: taken.username, password: "x", algorithm: "MD5" });
  assert.deepEqual(again.json().errors, { username: ["The username has already been taken."] });
});

test("a partial update changes only the fields sent, by the same rules", async () => {
  const a = seed("patched", { display_name: "Old", email: "old@corp.example", phone: "+4930111111", dtmf_protocol: "sipinfo" });
  const patch = (body: unknown) => admin("PATCH", `/api/admin/accounts/${a.id}`, body);
  const res = await patch({ display_name: "New name", username: "renamed" });
  assert.equal(res.status, 200, res.body);
  let now = getAccount(server.app.db, a.id)!;
  assert.deepEqual([now.username, now.display_name, now.email, now.phone, now.dtmf_protocol], [a.username, "New name", "old@corp.example", "+4930111111", "sipinfo"]);
  assert.equal(res.json().display_name, "New name");

  assert.equal((await patch({ email: "", phone: null, dtmf_protocol: "" })).status, 200);
  now = getAccount(server.app.db, a.id)!;
  assert.deepEqual([now.display_name, now.email, now.phone, now.dtmf_protocol], ["New name", null, null, null], "an empty field clears it");

  const bad = await patch({ phone: "030 1234", email: "nope", dtmf_protocol: "tones", display_name: "Unchanged?" });
  assert.equal(bad.status, 422);
  assert.deepEqual(Object.keys(bad.json().errors).sort(), ["dtmf_protocol", "email", "phone"]);
  assert.equal(getAccount(server.app.db, a.id)!.display_name, "New name", "nothing stored when a field is wrong");

  const before = passwordsOf(server.app.db, a.id);
  assert.deepEqual((await patch({ password: "new-pass-9" })).json().errors, { algorithm: ["The algorithm field is required."] });
  assert.equal((await patch({ password: "", algorithm: "SHA-256" })).status, 200, "an empty password leaves it");
  assert.deepEqual(passwordsOf(server.app.db, a.id), before);
  const changed = await patch({ password: "new-pass-9", algorithm: "SHA-256" });
  assert.deepEqual(changed.json().passwords, [{ algorithm: "SHA-256" }]);
  assert.deepEqual(passwordsOf(server.app.db, a.id), [{ algorithm: "SHA-256", hash: createHash("sha256").update(`${a.username}:${DOMAIN}:new-pass-9`).digest("hex") }]);
  assert.equal((await admin("PATCH", "/api/admin/accounts/999999", { display_name: "x" })).status, 404);
});

test("flags: deactivate and activate, block and unblock, make admin and not", async () => {
  const a = seed("flagged");
  const flags = () => {
    const now = getAccount(server.app.db, a.id)!;
    return { activated: now.activated, blocked: now.blocked, admin: now.admin };
  };
  const patch = (body: unknown) => admin("PATCH", `/api/admin/accounts/${a.id}`, body);
  assert.deepEqual((await patch({ activated: false })).json().activated, false);
  assert.deepEqual(flags(), { activated: 0, blocked: 0, admin: 0 });
  await patch({ activated: true, blocked: true, admin: true });
  assert.deepEqual(flags(), { activated: 1, blocked: 1, admin: 1 });
  await patch({ blocked: false, admin: false });
  assert.deepEqual(flags(), { activated: 1, blocked: 0, admin: 0 });
  assert.deepEqual((await patch({ blocked: "maybe" })).json().errors, { blocked: ["The blocked field must be true or false."] });
});

test("deleting an account leaves a tombstone: its name cannot be taken again", async () => {
  const a = seed("deleted");
  const res = await admin("DELETE", `/api/admin/accounts/${a.id}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), { deleted: `${a.username}@${DOMAIN}` });
  assert.equal(getAccount(server.app.db, a.id), undefined);
  assert.equal((await admin("GET", `/api/admin/accounts/${a.id}`)).status, 404);
  assert.equal((await admin("GET", `/accounts/${a.id}`)).status, 404, "its page is gone too");
  assert.equal((await admin("DELETE", `/api/admin/accounts/${a.id}`)).status, 404);
  const again = await admin("POST", "/api/admin/accounts", { username: a.username, password: "pass-1234", algorithm: "MD5" });
  assert.deepEqual(again.json().errors, { username: ["The username has already been taken."] });
});

test("a new API key is shown once: only its hash is kept, and it signs the account in", async () => {
  const a = seed("keyed");
  const res = await admin("POST", `/api/admin/accounts/${a.id}/api-key`);
  assert.equal(res.status, 201);
  assert.equal(res.headers.get("cache-control")?.[0], "no-store");
  const key: string = res.json().api_key;
  assert.match(key, /^[A-Za-z0-9_-]{40}$/);
  assert.equal(res.json().unused_expiry_minutes, 60, "the clean-up deletes it once unused for accounts.api_key_expiration_minutes");
  const view = await admin("GET", `/api/admin/accounts/${a.id}`);
  assert.ok(!view.body.includes(key), "never shown again");
  assert.deepEqual(Object.keys(view.json().api_key).sort(), ["created_at", "last_used_at"]);
  const stored = server.app.db.prepare("SELECT key_hash FROM api_keys WHERE account_id = ?").pluck().get(a.id) as string;
  assert.notEqual(stored, key);
  assert.ok(!view.body.includes(stored));
  const me = (k: string) => call(server.url, "GET", "/api/accounts/me", { headers: { "x-api-key": k } });
  assert.equal((await me(key)).json().username, a.username);
  const second = (await admin("POST", `/api/admin/accounts/${a.id}/api-key`)).json().api_key;
  assert.notEqual(second, key);
  assert.equal((await me(key)).status, 401, "the previous key stops working");
  assert.equal((await me(second)).status, 200);
});

test("account types: the list is managed here and types are given to and taken off accounts", async () => {
  const a = seed("typed");
  const key = unique("kind-");
  const created = await admin("POST", "/api/admin/account-types", { key });
  assert.equal(created.status, 201);
  const type = created.json();
  assert.deepEqual((await admin("POST", "/api/admin/account-types", { key: "Door" })).json().errors, { key: ["No uppercase letters are allowed."] });
  assert.deepEqual((await admin("POST", "/api/admin/account-types", { key })).json().errors, { key: ["The key has already been taken."] });
  assert.ok((await admin("GET", "/api/admin/account-types")).json().some((t: { id: number }) => t.id === type.id));
  const renamed = await admin("PUT", `/api/admin/account-types/${type.id}`, { key: `${key}-x` });
  assert.deepEqual(renamed.json(), { id: type.id, key: `${key}-x` });

  assert.equal((await admin("POST", `/api/admin/accounts/${a.id}/types/${type.id}`)).status, 200);
  assert.equal((await admin("POST", `/api/admin/accounts/${a.id}/types/${type.id}`)).status, 403, "it has it already");
  assert.deepEqual((await admin("GET", `/api/admin/accounts/${a.id}`)).json().types, [{ id: type.id, key: `${key}-x` }]);
  assert.equal((await admin("DELETE", `/api/admin/accounts/${a.id}/types/${type.id}`)).status, 200);
  assert.equal((await admin("DELETE", `/api/admin/accounts/${a.id}/types/${type.id}`)).status, 403, "it does not have it");

  await admin("POST", `/api/admin/accounts/${a.id}/types/${type.id}`);
  assert.equal((await admin("DELETE", `/api/admin/account-types/${type.id}`)).status, 200);
  assert.deepEqual((await admin("GET", `/api/admin/accounts/${a.id}`)).json().types, [], "deleting a type takes it off its accounts");
  assert.equal((await admin("DELETE", `/api/admin/account-types/${type.id}`)).status, 404);
});

test("DTMF actions: refused with the reason until the account has a DTMF protocol; then added, changed, deleted", async () => {
  const a = seed("door");
  const actions = `/api/admin/accounts/${a.id}/actions`;
  const refused = await admin("GET", actions);
  assert.equal(refused.status, 403);
  assert.deepEqual(refused.json(), { error: "DTMF Protocol must be configured" });
  assert.equal((await admin("POST", actions, { key: "open", code: "1234" })).status, 403);

  await admin("PATCH", `/api/admin/accounts/${a.id}`, { dtmf_protocol: "sipinfo" });
  const added = await admin("POST", actions, { key: "open", code: "1234" });
  assert.equal(added.status, 201);
  const { id } = added.json();
  assert.deepEqual((await admin("POST", actions, { key: "open", code: "12#" })).json().errors, { code: ["The code must only contain letters and numbers."] });
  assert.deepEqual((await admin("PUT", `${actions}/${id}`, { key: "open", code: "4321" })).json(), { id, key: "open", code: "4321" });
  assert.deepEqual((await admin("GET", actions)).json(), [{ id, key: "open", code: "4321" }]);
  assert.deepEqual((await admin("GET", `/api/admin/accounts/${a.id}`)).json().actions, [{ id, key: "open", code: "4321" }]);
  assert.equal((await admin("DELETE", `${actions}/${id}`)).status, 200);
  assert.deepEqual((await admin("GET", actions)).json(), []);
  assert.equal((await admin("DELETE", `${actions}/${id}`)).status, 404);
});

test("the pages are HTML shells that run only their own scripts", async () => {
  const a = seed("paged");
  for (const path of ["/accounts", `/accounts/${a.id}`]) {
    const res = await admin("GET", path);
    assert.equal(res.status, 200, path);
    assert.match(res.body, /<script src="\/admin\/admin\.js" defer><\/script>/);
    assert.doesNotMatch(res.body, /<script>|\son[a-z]+=/i, "no inline script");
    const csp = res.headers.get("content-security-policy")?.[0] ?? "";
    assert.match(csp, /script-src 'self';/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers.get("cache-control")?.[0], "no-store");
  }
  assert.equal((await admin("GET", "/accounts/999999")).status, 404);
  assert.equal((await admin("GET", "/accounts/abc")).status, 404);
});
