import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";
import { getJson, UpstreamError } from "../../core/contacts/upstream.ts";
import { applyContactChanges, listContacts } from "../../db/contacts.ts";
import { getSourceByKey, type ContactSource } from "../../db/contact-sources.ts";
import { storedContact } from "../fixtures/contacts.ts";
import { connect, graphContact, keyOf, startWithFakesFor, type Setup } from "./helpers.ts";

// Every test has its own Switchboard and fakes, so it may change the fakes as it likes.
// Microsoft's access tokens expire within the 60 s margin: every sync refreshes first.
const fakes = (t: TestContext) => startWithFakesFor(t, { microsoft: { accessTtlSeconds: 30 } });

const sync = (s: Setup, id: number) => s.server.app.contactSync.source(id);
const source = (s: Setup, key: string): ContactSource => getSourceByKey(s.server.app.db, key)!;
const names = (s: Setup, key: string) => listContacts(s.server.app.db, [source(s, key).id], 0, 100_000).map((c) => c.display_name).sort();
const refreshes = (s: Setup, fake: "microsoft" | "sipgate") => s[fake].oauth.tokenRequests.filter((f) => f.get("grant_type") === "refresh_token").length;

async function connected(s: Setup, fake: "microsoft" | "sipgate"): Promise<string> {
  const res = await connect(s.server, s[fake], `provider=${fake}`);
  assert.equal(res.status, 302, res.body);
  return keyOf(res);
}

/** A contact stored for the source that the provider never had: only a full re-sync (which replaces the book) drops it. */
function storeGhost(s: Setup, key: string): void {
  applyContactChanges(s.server.app.db, source(s, key).id, [storedContact({ external_id: "ghost", display_name: "Ghost" }, 0)], []);
  assert.ok(names(s, key).includes("Ghost"));
}

/** What the fake's token endpoint says to a refresh with `refreshToken`. */
async function refreshWith(s: Setup, fake: "microsoft" | "sipgate", refreshToken: string): Promise<{ status: number; error?: string }> {
  const o = s[fake].oauth.options;
  const tokenUrl = fake === "sipgate" ? `${s.sipgate.base}/auth/realms/third-party/protocol/openid-connect/token` : `${s.microsoft.base}/common/oauth2/v2.0/token`;
  const res = await fetch(tokenUrl, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: o.clientId, client_secret: o.clientSecret }),
  });
  return { status: res.status, error: ((await res.json()) as { error?: string }).error };
}

test("a token that expires within 60 s is refreshed before the API is used", async (t) => {
  const s = await fakes(t);
  s.microsoft.put("", graphContact(1));
  const key = await connected(s, "microsoft");
  const before = refreshes(s, "microsoft");
  const out = await sync(s, source(s, key).id);
  assert.equal(out.ok, true);
  assert.equal(refreshes(s, "microsoft"), before + 1);
  assert.ok(source(s, key).refresh_token, "a provider that does not rotate keeps the old refresh token");
});

test("sipgate rotates the refresh token: the new one is stored, the old one is dead", async (t) => {
  const s = await fakes(t);
  s.sipgate.contacts = [{ id: "1", name: "Anna", numbers: [{ number: "0211 1", type: ["home"] }] }];
  const key = await connected(s, "sipgate");
  const old = source(s, key).refresh_token!;
  s.sipgate.oauth.expireAccessTokens();
  const out = await sync(s, source(s, key).id);
  assert.equal(out.ok, true, out.error);
  assert.notEqual(source(s, key).refresh_token, old);
  assert.deepEqual(await refreshWith(s, "sipgate", old), { status: 400, error: "invalid_grant" }, "sipgate refuses the old one now");
  // A second sync works with the rotated token.
  s.sipgate.oauth.expireAccessTokens();
  assert.equal((await sync(s, source(s, key).id)).ok, true);
});

test("two syncs of one source at once share one run (no double refresh with a rotating token)", async (t) => {
  const s = await fakes(t);
  s.sipgate.contacts = [{ id: "1", name: "Anna" }];
  const key = await connected(s, "sipgate");
  s.sipgate.oauth.expireAccessTokens();
  const before = refreshes(s, "sipgate");
  const [a, b] = await Promise.all([sync(s, source(s, key).id), sync(s, source(s, key).id)]);
  assert.equal(a, b);
  assert.equal(a.ok, true);
  assert.equal(refreshes(s, "sipgate"), before + 1, "one refresh for both");
});

test("sipgate: every page until totalCount, private and shared contacts alike, when the server caps the page size", async (t) => {
  const s = await fakes(t);
  s.sipgate.maxLimit = 7;
  s.sipgate.contacts = Array.from({ length: 30 }, (_, i) => ({ id: `id${i}`, name: `Kontakt ${i}`, scope: i % 2 ? "SHARED" : "PRIVATE" }));
  const key = await connected(s, "sipgate");
  assert.equal(source(s, key).contact_count, 30);
  assert.deepEqual(names(s, key), s.sipgate.contacts.map((c) => c.name).sort());
});

test("sipgate: organization and number types are mapped", async (t) => {
  const s = await fakes(t);
  s.sipgate.contacts = [{
    id: "id3", name: "Kontakt 3", scope: "SHARED", organization: [["Firma", "Abteilung"]],
    numbers: [{ number: "0170 1234", type: ["cell"] }, { number: "0211 99", type: ["fax", "work"] }, { number: "0211 98", type: ["other"] }],
    emails: [{ email: "k3@example.com", type: ["work"] }],
  }];
  const key = await connected(s, "sipgate");
  const c = listContacts(s.server.app.db, [source(s, key).id]).find((x) => x.external_id === "id3")!;
  assert.equal(c.company, "Firma, Abteilung");
  assert.deepEqual(c.numbers.map((n) => [n.type, n.label, n.normalized]), [["mobile", "Mobile", "491701234"], ["fax_work", "Fax", "4921199"], ["other", "Other", "4921198"]]);
});

test("a revoked refresh token marks the source 'needs reconnect' and keeps its contacts", async (t) => {
  const s = await fakes(t);
  s.sipgate.contacts = [{ id: "1", name: "Keep Me" }];
  const key = await connected(s, "sipgate");
  s.sipgate.oauth.revokeAll();
  const out = await sync(s, source(s, key).id);
  assert.equal(out.ok, false);
  assert.equal(out.status, "needs_reconnect");
  const after = source(s, key);
  assert.equal(after.refresh_token, null);
  assert.equal(after.access_token, null);
  assert.match(after.last_error!, /connect the source again/i);
  assert.deepEqual(names(s, key), ["Keep Me"]);
});

test("an upstream outage keeps the last good contacts and records the error", async (t) => {
  const s = await fakes(t);
  s.sipgate.contacts = [{ id: "1", name: "Still Here" }, { id: "2", name: "Me Too" }];
  const key = await connected(s, "sipgate");
  const lastSuccess = source(s, key).last_success_at;
  s.sipgate.oauth.failApi = 1000;
  const out = await sync(s, source(s, key).id);
  assert.equal(out.ok, false);
  const after = source(s, key);
  assert.equal(after.status, "error");
  assert.match(after.last_error!, /503/);
  assert.equal(after.last_success_at, lastSuccess);
  assert.deepEqual(names(s, key), ["Me Too", "Still Here"]);
});

test("after an outage the next good sync clears the error", async (t) => {
  const s = await fakes(t);
  s.sipgate.contacts = [{ id: "1", name: "Still Here" }];
  const key = await connected(s, "sipgate");
  s.sipgate.oauth.failApi = 1000;
  assert.equal((await sync(s, source(s, key).id)).ok, false);
  assert.ok(source(s, key).last_error, "the outage is recorded");
  s.sipgate.oauth.failApi = 0;
  assert.equal((await sync(s, source(s, key).id)).ok, true, "recovers on the next sync");
  assert.equal(source(s, key).last_error, null);
});

test("a token endpoint answering 503 during a refresh is an error, not a disconnect", async (t) => {
  const s = await fakes(t);
  s.sipgate.contacts = [{ id: "1", name: "X" }];
  const key = await connected(s, "sipgate");
  s.sipgate.oauth.expireAccessTokens();
  s.sipgate.oauth.failToken = 1;
  const out = await sync(s, source(s, key).id);
  assert.equal(out.status, "error");
  assert.ok(source(s, key).refresh_token);
});

test("an unreachable provider during a token refresh is an error, not a disconnect", async (t) => {
  const s = await fakes(t);
  s.sipgate.contacts = [{ id: "1", name: "X" }];
  const key = await connected(s, "sipgate");
  s.sipgate.oauth.expireAccessTokens();
  await s.sipgate.close(); // nothing listens at its address any more
  const out = await sync(s, source(s, key).id);
  assert.equal(out.status, "error");
  assert.match(out.error!, /could not be (used|reached)/);
  assert.ok(source(s, key).refresh_token);
  assert.deepEqual(names(s, key), ["X"]);
});

test("an answer slower than the HTTP client's 10 s default still syncs (provider calls are given longer)", async (t) => {
  const s = await fakes(t);
  s.sipgate.contacts = [{ id: "1", name: "Slow" }];
  const key = await connected(s, "sipgate");
  s.sipgate.oauth.apiDelayMs = 10_500; // lib/fetch.ts gives up after 10 s unless told otherwise
  const started = Date.now();
  const out = await sync(s, source(s, key).id);
  assert.ok(Date.now() - started >= 10_500, "the answer really was slow");
  assert.equal(out.ok, true, out.error);
  assert.deepEqual(names(s, key), ["Slow"]);
});

test("a provider answer later than the timeout is an upstream error naming the host, an answer in time is not", async (t) => {
  const s = await fakes(t);
  const key = await connected(s, "sipgate");
  const token = source(s, key).access_token!;
  const url = `${s.sipgate.base}/v2/authorization/userinfo`;
  s.sipgate.oauth.apiDelayMs = 400;
  await assert.rejects(getJson(url, token, { timeoutMs: 100 }), (err: unknown) => {
    assert.ok(err instanceof UpstreamError);
    assert.match(err.message, new RegExp(`^${new URL(url).host.replace(/\./g, "\\.")} did not answer within 0\\.1 s$`));
    return true;
  });
  assert.equal((await getJson<{ sub: string }>(url, token, { timeoutMs: 2_000 })).sub, "w0", "slow but in time");
});

test("Graph: incremental sync through delta links, removals included", async (t) => {
  const s = await fakes(t);
  s.microsoft.put("", graphContact(1));
  s.microsoft.put("", graphContact(2));
  const key = await connected(s, "microsoft");
  assert.deepEqual(names(s, key), ["Person 1", "Person 2"]);
  assert.ok(JSON.parse(source(s, key).delta_link!)[""].includes("$deltatoken="));
  s.microsoft.remove("", "c1");
  s.microsoft.put("", graphContact(3));
  s.microsoft.put("", graphContact(2, { displayName: "Person Two" }));
  const before = s.microsoft.deltaRequests;
  assert.equal((await sync(s, source(s, key).id)).ok, true);
  assert.deepEqual(names(s, key), ["Person 3", "Person Two"]);
  assert.equal(s.microsoft.deltaRequests - before, 1, "one delta page, not a full listing");
});

test("Graph: an expired delta token (410) falls back to a full re-sync", async (t) => {
  const s = await fakes(t);
  s.microsoft.put("", graphContact(1));
  const key = await connected(s, "microsoft");
  storeGhost(s, key);
  s.microsoft.put("", graphContact(4));
  s.microsoft.expireDeltaTokens();
  const out = await sync(s, source(s, key).id);
  assert.equal(out.ok, true, out.error);
  assert.ok(names(s, key).includes("Person 4"));
  assert.equal(source(s, key).contact_count, s.microsoft.folders.get("")!.size);
  assert.ok(!names(s, key).includes("Ghost"), "the book was replaced, not patched");
});

test("Graph: a new contact folder triggers a full re-sync that includes it", async (t) => {
  const s = await fakes(t);
  s.microsoft.put("", graphContact(1));
  const key = await connected(s, "microsoft");
  storeGhost(s, key);
  s.microsoft.put("new-folder", graphContact(500, { id: "nf1", displayName: "In New Folder" }));
  assert.equal((await sync(s, source(s, key).id)).ok, true);
  assert.ok(names(s, key).includes("In New Folder"));
  assert.ok("new-folder" in JSON.parse(source(s, key).delta_link!));
  assert.ok(!names(s, key).includes("Ghost"), "the book was replaced, not patched");
});

test("Graph: an expired access token (401) gets one refresh and a retry", async (t) => {
  const s = await fakes(t);
  s.microsoft.put("", graphContact(1));
  const key = await connected(s, "microsoft");
  // Pretend the token is valid for long, so only the API's 401 reveals that it is not.
  s.server.app.db.prepare("UPDATE contact_sources SET access_token_expires_at = ? WHERE key = ?").run(new Date(Date.now() + 3_600_000).toISOString(), key);
  s.microsoft.oauth.expireAccessTokens();
  const before = refreshes(s, "microsoft");
  const out = await sync(s, source(s, key).id);
  assert.equal(out.ok, true, out.error);
  assert.equal(refreshes(s, "microsoft"), before + 1, "one refresh");
});

test("large books: 20,000 contacts across 100 pages", async (t) => {
  const s = await fakes(t);
  s.microsoft.pageSize = 200;
  const folder = s.microsoft.folders.get("")!;
  for (let i = 0; i < 20_000; i++) folder.set(`c${i}`, graphContact(i));
  const key = await connected(s, "microsoft");
  assert.equal(source(s, key).contact_count, 20_000);
  assert.equal(s.microsoft.deltaRequests, 100, "100 pages of 200");
});

test("sipgate: a contact removed upstream disappears after the next sync", async (t) => {
  const s = await fakes(t);
  s.sipgate.contacts = [{ id: "1", name: "Stays" }, { id: "2", name: "Goes" }];
  const key = await connected(s, "sipgate");
  s.sipgate.contacts.pop();
  assert.equal((await sync(s, source(s, key).id)).ok, true);
  assert.deepEqual(names(s, key), ["Stays"]);
});

test("Graph without delta support: every folder is listed page by page on each sync", async (t) => {
  const s = await fakes(t);
  s.microsoft.noDelta = true;
  for (let i = 0; i < 250; i++) s.microsoft.put("", graphContact(i));
  s.microsoft.put("other", graphContact(900, { id: "o1", displayName: "In Other Folder" }));
  const key = await connected(s, "microsoft");
  assert.equal(source(s, key).delta_link, null);
  assert.equal(source(s, key).contact_count, 250 + 1);
  s.microsoft.remove("", "c7");
  assert.equal((await sync(s, source(s, key).id)).ok, true);
  assert.ok(!names(s, key).includes("Person 7"));
  assert.ok(names(s, key).includes("In Other Folder"));
});
