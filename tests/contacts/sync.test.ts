import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { listContacts } from "../../db/contacts.ts";
import { getSourceByKey, type ContactSource } from "../../db/contact-sources.ts";
import { connect, graphContact, keyOf, startWithFakes, type Setup } from "./helpers.ts";

let s: Setup;
before(async () => {
  // Access tokens that expire within the 60 s margin: every sync refreshes first.
  s = await startWithFakes({ microsoft: { accessTtlSeconds: 30 } });
});
after(() => s.close());

const sync = (id: number) => s.server.app.contactSync.source(id);
const db = () => s.server.app.db;
const source = (key: string): ContactSource => getSourceByKey(db(), key)!;
const names = (key: string) => listContacts(db(), [source(key).id], 0, 100_000).map((c) => c.display_name).sort();

async function connected(fake: "microsoft" | "sipgate"): Promise<string> {
  const res = await connect(s.server, s[fake], `provider=${fake}`);
  assert.equal(res.status, 302, res.body);
  return keyOf(res);
}

test("a token that expires within 60 s is refreshed before the API is used", async () => {
  s.microsoft.put("", graphContact(1));
  const key = await connected("microsoft");
  const refreshes = () => s.microsoft.oauth.tokenRequests.filter((f) => f.get("grant_type") === "refresh_token").length;
  const before = refreshes();
  const out = await sync(source(key).id);
  assert.equal(out.ok, true);
  assert.equal(refreshes(), before + 1);
  assert.ok(source(key).refresh_token, "a provider that does not rotate keeps the old refresh token");
});

test("sipgate rotates the refresh token: the new one is stored, the old one is dead", async () => {
  s.sipgate.contacts = [{ id: "1", name: "Anna", numbers: [{ number: "0211 1", type: ["home"] }] }];
  const key = await connected("sipgate");
  const old = source(key).refresh_token;
  s.sipgate.oauth.expireAccessTokens();
  const out = await sync(source(key).id);
  assert.equal(out.ok, true, out.error);
  assert.notEqual(source(key).refresh_token, old);
  // A second sync works with the rotated token.
  s.sipgate.oauth.expireAccessTokens();
  assert.equal((await sync(source(key).id)).ok, true);
});

test("two syncs of one source at once share one run (no double refresh with a rotating token)", async () => {
  s.sipgate.contacts = [{ id: "1", name: "Anna" }];
  const key = await connected("sipgate");
  s.sipgate.oauth.expireAccessTokens();
  const [a, b] = await Promise.all([sync(source(key).id), sync(source(key).id)]);
  assert.equal(a, b);
  assert.equal(a.ok, true);
});

test("sipgate: every page until totalCount, all scopes, number types mapped", async () => {
  s.sipgate.maxLimit = 7;
  s.sipgate.contacts = Array.from({ length: 30 }, (_, i) => ({
    id: `id${i}`, name: `Kontakt ${i}`, scope: i % 2 ? "SHARED" : "PRIVATE", organization: [["Firma", "Abteilung"]],
    numbers: [{ number: "0170 1234", type: ["cell"] }, { number: "0211 99", type: ["fax", "work"] }, { number: "0211 98", type: ["other"] }],
    emails: [{ email: `k${i}@example.com`, type: ["work"] }],
  }));
  const key = await connected("sipgate");
  assert.equal(source(key).contact_count, 30);
  const c = listContacts(db(), [source(key).id]).find((x) => x.external_id === "id3")!;
  assert.equal(c.company, "Firma, Abteilung");
  assert.deepEqual(c.numbers.map((n) => [n.type, n.label, n.normalized]), [["mobile", "Mobile", "491701234"], ["fax_work", "Fax", "4921199"], ["other", "Other", "4921198"]]);
  s.sipgate.maxLimit = 100;
});

test("a revoked refresh token marks the source 'needs reconnect' and keeps its contacts", async () => {
  s.sipgate.contacts = [{ id: "1", name: "Keep Me" }];
  const key = await connected("sipgate");
  s.sipgate.oauth.revokeAll();
  const out = await sync(source(key).id);
  assert.equal(out.ok, false);
  assert.equal(out.status, "needs_reconnect");
  const after = source(key);
  assert.equal(after.refresh_token, null);
  assert.equal(after.access_token, null);
  assert.match(after.last_error!, /connect the source again/i);
  assert.deepEqual(names(key), ["Keep Me"]);
});

test("an upstream outage keeps the last good contacts and records the error", async () => {
  s.sipgate.contacts = [{ id: "1", name: "Still Here" }, { id: "2", name: "Me Too" }];
  const key = await connected("sipgate");
  const lastSuccess = source(key).last_success_at;
  s.sipgate.oauth.failApi = 1000;
  try {
    const out = await sync(source(key).id);
    assert.equal(out.ok, false);
    const after = source(key);
    assert.equal(after.status, "error");
    assert.match(after.last_error!, /503/);
    assert.equal(after.last_success_at, lastSuccess);
    assert.deepEqual(names(key), ["Me Too", "Still Here"]);
  } finally {
    s.sipgate.oauth.failApi = 0;
  }
  assert.equal((await sync(source(key).id)).ok, true, "recovers on the next sync");
  assert.equal(source(key).last_error, null);
});

test("an unreachable provider during a token refresh is an error, not a disconnect", async () => {
  s.sipgate.contacts = [{ id: "1", name: "X" }];
  const key = await connected("sipgate");
  s.sipgate.oauth.expireAccessTokens();
  s.sipgate.oauth.failToken = 1;
  const out = await sync(source(key).id);
  assert.equal(out.status, "error");
  assert.ok(source(key).refresh_token);
});

test("slow answers still sync", async () => {
  s.sipgate.contacts = [{ id: "1", name: "Slow" }];
  const key = await connected("sipgate");
  s.sipgate.oauth.apiDelayMs = 30;
  try {
    assert.equal((await sync(source(key).id)).ok, true);
  } finally {
    s.sipgate.oauth.apiDelayMs = 0;
  }
});

test("Graph: incremental sync through delta links, removals included", async () => {
  for (const id of [...s.microsoft.folders.get("")!.keys()]) s.microsoft.remove("", id);
  s.microsoft.put("", graphContact(1));
  s.microsoft.put("", graphContact(2));
  const key = await connected("microsoft");
  assert.deepEqual(names(key), ["Person 1", "Person 2"]);
  assert.ok(JSON.parse(source(key).delta_link!)[""].includes("$deltatoken="));
  s.microsoft.remove("", "c1");
  s.microsoft.put("", graphContact(3));
  s.microsoft.put("", graphContact(2, { displayName: "Person Two" }));
  const before = s.microsoft.deltaRequests;
  assert.equal((await sync(source(key).id)).ok, true);
  assert.deepEqual(names(key), ["Person 3", "Person Two"]);
  assert.equal(s.microsoft.deltaRequests - before, 1, "one delta page, not a full listing");
});

test("Graph: an expired delta token (410) falls back to a full re-sync", async () => {
  const key = await connected("microsoft");
  s.microsoft.put("", graphContact(4));
  s.microsoft.expireDeltaTokens();
  const out = await sync(source(key).id);
  assert.equal(out.ok, true, out.error);
  assert.ok(names(key).includes("Person 4"));
  assert.equal(source(key).contact_count, s.microsoft.folders.get("")!.size);
});

test("Graph: a new contact folder triggers a full re-sync that includes it", async () => {
  const key = await connected("microsoft");
  s.microsoft.put("new-folder", graphContact(500, { id: "nf1", displayName: "In New Folder" }));
  assert.equal((await sync(source(key).id)).ok, true);
  assert.ok(names(key).includes("In New Folder"));
  assert.ok("new-folder" in JSON.parse(source(key).delta_link!));
});

test("Graph: an expired access token (401) gets one refresh and a retry", async () => {
  const key = await connected("microsoft");
  // Pretend the token is valid for long, so only the API's 401 reveals that it is not.
  db().prepare("UPDATE contact_sources SET access_token_expires_at = ? WHERE key = ?").run(new Date(Date.now() + 3_600_000).toISOString(), key);
  s.microsoft.oauth.expireAccessTokens();
  const out = await sync(source(key).id);
  assert.equal(out.ok, true, out.error);
});

test("large books: 20,000 contacts across 100 pages", async () => {
  s.microsoft.pageSize = 200;
  const folder = s.microsoft.folders.get("")!;
  folder.clear();
  for (let i = 0; i < 20_000; i++) folder.set(`c${i}`, graphContact(i));
  const key = await connected("microsoft");
  assert.equal(source(key).contact_count, 20_000 + s.microsoft.folders.get("new-folder")!.size);
  s.microsoft.pageSize = 100;
});

test("sipgate: a contact removed upstream disappears after the next sync", async () => {
  s.sipgate.contacts = [{ id: "1", name: "Stays" }, { id: "2", name: "Goes" }];
  const key = await connected("sipgate");
  s.sipgate.contacts.pop();
  assert.equal((await sync(source(key).id)).ok, true);
  assert.deepEqual(names(key), ["Stays"]);
});

test("Graph without delta support: every folder is listed page by page on each sync", async () => {
  s.microsoft.noDelta = true;
  try {
    s.microsoft.folders.get("")!.clear();
    for (let i = 0; i < 250; i++) s.microsoft.put("", graphContact(i));
    const key = await connected("microsoft");
    assert.equal(source(key).delta_link, null);
    assert.equal(source(key).contact_count, 250 + s.microsoft.folders.get("new-folder")!.size);
    s.microsoft.remove("", "c7");
    assert.equal((await sync(source(key).id)).ok, true);
    assert.ok(!names(key).includes("Person 7"));
  } finally {
    s.microsoft.noDelta = false;
  }
});
