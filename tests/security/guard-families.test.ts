// Every guard family against every route that uses it (issue 19), generated from routes/table.ts so a new route is
// covered the day it is added: no credentials, wrong credentials, and right credentials of the wrong kind (an API
// key on a Basic route, a sync token on the accounts API, a phone-book key on another key's CardDAV book). Never
// 2xx, never 5xx. Each request comes from its own address (a trusted proxy's X-Forwarded-For), so the sign-in
// limiters answer 401 rather than 429 for most; a 429 is still a refusal.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createSource } from "../../db/contact-sources.ts";
import { describeRoutes } from "../../lib/router.ts";
import { routes } from "../../routes/table.ts";
import { basic } from "../helpers/dav.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { seedAccount, seedApiKey } from "../helpers/sip-api.ts";
import { syncUser } from "../sync/helpers.ts";

const SERVICECONFIG = `ip_whitelist: [10.9.9.9]
auth:
  enabled: true
  users:
    admin: {username: admin, password: admin-pass, role: admin}
    monitor: {username: monitor, password: monitor-pass, role: monitor}
    clerk: {username: clerk, password: clerk-pass, role: user}
`;
const SWITCHBOARD = "public_url: http://pbx.example.com\naccounts:\n  sip_domain: sip.example.com\ntrusted_proxies: [127.0.0.1]\n";

let server: TestServer;
/** Credentials of every kind, each valid for its own family. */
let kinds: { apiKey: string; adminApiKey: string; syncToken: string; bookKey: string; otherBookKey: string; sip: { username: string; password: string } };

before(async () => {
  server = await startTestServer({ "serviceconfig.yml": SERVICECONFIG, "switchboard.yml": SWITCHBOARD });
  const db = server.app.db;
  const alice = seedAccount(db, { username: "alice", password: "alice-pass" });
  const root = seedAccount(db, { username: "root-admin", password: "root-pass", admin: 1 });
  createSource(db, { key: "bookAAAAAAAAAAAAAAAA", provider: "fritzbox", label: "A" });
  createSource(db, { key: "bookBBBBBBBBBBBBBBBB", provider: "fritzbox", label: "B" });
  const { client } = await syncUser(server);
  kinds = { apiKey: seedApiKey(db, alice), adminApiKey: seedApiKey(db, root), syncToken: client.token, bookKey: "bookAAAAAAAAAAAAAAAA", otherBookKey: "bookBBBBBBBBBBBBBBBB", sip: { username: "alice@sip.example.com", password: "alice-pass" } };
});
after(() => server.close());

/** A plausible value for each path parameter of the table. */
const PARAMS: Record<string, string> = {
  id: "1", mac: "001122334455", key: "bookAAAAAAAAAAAAAAAA", deviceId: "dev-1", uid: "some-uid", sip: "alice@sip.example.com", email: "a@example.com",
  token: "tok123", auth_token: "tok123", type_id: "1", action_id: "1", contact_id: "1", contacts_list_id: "1", contacts_id: "1",
};

/** The table's guarded routes as concrete requests: path parameters filled in, one per method. */
async function guardedRequests(): Promise<{ guard: string; method: string; url: string }[]> {
  const out: { guard: string; method: string; url: string }[] = [];
  for (const r of await describeRoutes(routes)) {
    if (r.guard.startsWith("public")) continue;
    const path = r.path.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
      assert.ok(PARAMS[name], `a plausible value for :${name} (add it to PARAMS)`);
      return PARAMS[name];
    });
    const query = r.query ? `?${r.query[0]}=${r.query[0] === "key" ? "not-a-key-0000000000" : "x"}` : "";
    for (const method of r.methods) out.push({ guard: r.guard, method, url: path + query });
  }
  return out;
}

let address = 0;
async function send(method: string, url: string, headers: Record<string, string>): Promise<number> {
  return (await sendFor(method, url, headers)).status;
}

async function sendFor(method: string, url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const withBody = ["POST", "PUT", "PATCH"].includes(method);
  const res = await fetch(server.url + url, {
    method,
    redirect: "manual",
    headers: { "X-Forwarded-For": `198.18.${Math.floor(++address / 250) % 250}.${(address % 250) + 1}`, ...(withBody ? { "Content-Type": "application/json" } : {}), ...headers },
    body: withBody ? "{}" : undefined,
  });
  return { status: res.status, body: await res.text() };
}

/** The attempts each family must refuse: [what, headers, URL change]. */
function attemptsFor(guard: string): [string, Record<string, string>, (url: string) => string][] {
  const same = (u: string) => u;
  const bearer = { Authorization: `Bearer ${kinds.syncToken}` };
  const apiKey = { "x-api-key": kinds.apiKey };
  const sipBasic = { Authorization: basic(kinds.sip.username, kinds.sip.password) };
  const bookBasic = { Authorization: basic("phone", kinds.bookKey) };
  const noCredentials: [string, Record<string, string>, (u: string) => string] = ["no credentials", {}, same];
  if (guard === "phone") return [noCredentials, ["an admin's Basic from an address that is no phone's", { Authorization: basic("admin", "admin-pass") }, same]];
  if (guard === "key") {
    return [noCredentials, ["a wrong key", {}, (u) => u], ["an API key as the key", {}, (u) => withKey(u, kinds.apiKey)], ["a sync token as the key", {}, (u) => withKey(u, kinds.syncToken)]];
  }
  const wrongBasic: [string, Record<string, string>, (u: string) => string] = ["wrong Basic", { Authorization: basic(`nobody${address}`, "wrong") }, same];
  if (guard.startsWith("role(")) {
    const attempts: [string, Record<string, string>, (u: string) => string][] = [noCredentials, wrongBasic, ["an API key", apiKey, same], ["a sync token", bearer, same], ["a SIP account's Basic", sipBasic, same], ["a phone-book key as Basic password", bookBasic, same]];
    if (!guard.includes("user")) attempts.push(["a user's Basic on an admin route", { Authorization: basic("clerk", "clerk-pass") }, same]);
    return attempts;
  }
  if (guard.startsWith("sip")) {
    const attempts: [string, Record<string, string>, (u: string) => string][] = [noCredentials, ["a wrong API key", { "x-api-key": "0".repeat(40) }, same], ["a sync token", bearer, same], ["an admin's Basic", { Authorization: basic("admin", "admin-pass") }, same]];
    if (guard === "sip(admin)") attempts.push(["a non-admin account's API key", apiKey, same]);
    if (guard !== "sip(basic)") attempts.push(["a SIP account's Basic", sipBasic, same]);
    return attempts;
  }
  if (guard === "bearer") return [noCredentials, ["a wrong token", { Authorization: "Bearer nope" }, same], ["an API key", apiKey, same], ["an API key as Bearer", { Authorization: `Bearer ${kinds.apiKey}` }, same], ["an admin's Basic", { Authorization: basic("admin", "admin-pass") }, same]];
  if (guard.startsWith("key(basic)")) {
    return [noCredentials, wrongBasic, ["a sync token", bearer, same], ["an API key", apiKey, same], ["a SIP account's Basic", sipBasic, same], ["another key's book", { Authorization: basic("phone", kinds.otherBookKey) }, same]];
  }
  throw new Error(`no attempts written for the guard family ${guard}: add them here`);
}

const COSTLY = new Set(["a SIP account's Basic", "a phone-book key as Basic password"]);

function withKey(url: string, key: string): string {
  const u = new URL(url, "http://x");
  u.searchParams.set("key", key);
  return u.pathname + u.search;
}

test("the credentials of each kind are valid for their own family (so refusals below are about the kind)", async () => {
  assert.equal(await send("GET", "/api/accounts/me", { "x-api-key": kinds.apiKey }), 200);
  assert.equal(await send("GET", "/api/accounts", { "x-api-key": kinds.adminApiKey }), 200);
  assert.equal(await send("GET", "/sync/devices", { Authorization: `Bearer ${kinds.syncToken}` }), 200);
  assert.equal(await send("GET", `/vcard?key=${kinds.bookKey}`, {}), 200);
  assert.equal(await send("PROPFIND", `/carddav/${kinds.bookKey}/`, { Authorization: basic("phone", kinds.bookKey), Depth: "0" }), 207);
  assert.equal(await send("GET", "/acrobits/contacts", { Authorization: basic(kinds.sip.username, kinds.sip.password) }), 200);
  assert.equal(await send("GET", "/call", { Authorization: basic("clerk", "clerk-pass") }), 200);
  assert.equal(await send("GET", "/status", { Authorization: basic("admin", "admin-pass") }), 200);
});

test("every guarded route refuses no credentials, wrong ones and the wrong kind: never 2xx, never 5xx", async () => {
  // Every method without credentials; the other attempts on a route's first method (each wrong Basic costs a scrypt).
  const cases: { guard: string; method: string; url: string; what: string; headers: Record<string, string> }[] = [];
  const firstMethodSeen = new Set<string>();
  const familiesSeen = new Set<string>();
  for (const { guard, method, url } of await guardedRequests()) {
    const first = !firstMethodSeen.has(url);
    firstMethodSeen.add(url);
    const firstOfFamily = !familiesSeen.has(guard);
    familiesSeen.add(guard);
    for (const [what, headers, change] of attemptsFor(guard)) {
      // Another key's book only where the URL names a book (the root lists the signed-in key's own).
      if (what === "another key's book" && !url.includes(kinds.bookKey)) continue;
      // Someone else's Basic password is, to a role guard, a wrong password like any other: a scrypt each, so
      // tried on the family's first route only.
      if (COSTLY.has(what) && guard.startsWith("role(") && !firstOfFamily) continue;
      if (first || what === "no credentials") cases.push({ guard, method, url: change(url), what, headers });
    }
  }
  const wrong: string[] = [];
  for (let i = 0; i < cases.length; i += 16) {
    await Promise.all(cases.slice(i, i + 16).map(async ({ guard, method, url, what, headers }) => {
      const { status, body } = await sendFor(method, url, headers);
      if (refused(guard, method, what, status, body)) return;
      wrong.push(`${guard} ${method} ${url} with ${what}: ${status}`);
    }));
  }
  assert.deepEqual(wrong, []);
  assert.ok(new Set(cases.map((c) => c.guard)).size >= 9, "every family of the table is tried");
});

/**
 * A refusal as each family documents it (README "Who may call what", DESIGN §5.4): 401 without credentials, but
 * FlexiAPI's 422 for a SIP request without a From header, 403 for a state change without our Origin, 403 for an
 * address that is no phone's; 429 when a limiter steps in first. Phones read only 200 answers, so the directory
 * says what is wrong with a key in a CiscoIPPhoneText with 200.
 */
function refused(guard: string, method: string, what: string, status: number, body: string): boolean {
  if (guard === "key" && status === 200) return /^<\?xml[^>]*>\s*<CiscoIPPhoneText>/.test(body);
  if (status === 429) return true;
  if (what !== "no credentials" || guard === "key") return status >= 400 && status < 500;
  if (guard === "phone") return status === 403;
  if (guard.startsWith("sip") && guard !== "sip(basic)") return status === 422;
  if (guard.startsWith("role(") && !["GET", "PROPFIND", "REPORT"].includes(method)) return status === 403;
  return status === 401;
}
