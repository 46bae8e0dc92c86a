// Connecting a contact source cannot be done to the admin (issue 12): another site cannot start a connect whose
// phone-book key it chose (and then read the contacts at /vcard?key=…), nor start or reconnect one at all.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { getSourceByKey } from "../../db/contact-sources.ts";
import { connect, cookieOf, graphContact, keyOf, startWithFakes, type Setup } from "../contacts/helpers.ts";

let s: Setup;
before(async () => {
  s = await startWithFakes();
  s.microsoft.put("", graphContact(1));
});
after(() => s.close());

const ATTACKER_KEY = "a77ac4e2a77ac4e2a77ac4e2a77ac4e2";
/** What a browser sends when a page of another site sends it to us (a link, a redirect, an image, a form). */
const CROSS_SITE = { "Sec-Fetch-Site": "cross-site", Referer: "https://evil.example/page" };
const sourceCount = () => s.server.app.db.prepare("SELECT count(*) FROM contact_sources").pluck().get() as number;

/** The attacker's whole plan: the admin's browser starts the connect, consents, and comes back with its cookie. */
async function attackerFlow(path: string, headers: Record<string, string>) {
  const start = await s.server.get(path, { headers });
  if (start.status !== 302) return start;
  const back = new URL(await s.microsoft.oauth.consent(start.headers.get("location")!));
  return s.server.get(back.pathname + back.search, { headers: { Cookie: cookieOf(start) } });
}

test("a cross-site GET naming the attacker's key is refused, and no source gets that key", async () => {
  const before = sourceCount();
  const res = await attackerFlow(`/oauth-grant?provider=microsoft&key=${ATTACKER_KEY}`, CROSS_SITE);
  assert.equal(res.status, 403, res.body);
  assert.equal(getSourceByKey(s.server.app.db, ATTACKER_KEY), undefined);
  assert.equal(sourceCount(), before);
  assert.equal((await s.server.get(`/vcard?key=${ATTACKER_KEY}`)).status, 404, "the attacker reads no contacts");
});

test("a link naming a key is refused even from our own pages: a new source's key is always the server's", async () => {
  const before = sourceCount();
  const res = await attackerFlow(`/oauth-grant?provider=microsoft&key=${ATTACKER_KEY}`, { "Sec-Fetch-Site": "same-origin" });
  assert.equal(res.status, 403, res.body);
  assert.match(res.body, /Reconnect/);
  assert.equal(getSourceByKey(s.server.app.db, ATTACKER_KEY), undefined);
  assert.equal(sourceCount(), before);
});

test("a cross-site GET cannot start a new connect either (Sec-Fetch-Site, else the Referer, must be ours)", async () => {
  const before = sourceCount();
  const refused: Record<string, string>[] = [CROSS_SITE, { "Sec-Fetch-Site": "same-site" }, { Referer: "https://evil.example/" }, {}];
  for (const headers of refused) {
    const res = await s.server.get("/oauth-grant?provider=microsoft", { headers });
    assert.equal(res.status, 403, `${JSON.stringify(headers)}: ${res.body}`);
    assert.equal(res.headers.get("set-cookie"), null, "no state or cookie was made");
  }
  assert.equal(sourceCount(), before);
});

test("a connect started from our own page, or typed into the address bar, still goes to the provider", async () => {
  const starts: Record<string, string>[] = [{ "Sec-Fetch-Site": "same-origin" }, { "Sec-Fetch-Site": "none" }, { Referer: `${s.server.url}/contact-sources` }];
  for (const headers of starts) {
    const res = await s.server.get("/oauth-grant?provider=microsoft", { headers });
    assert.equal(res.status, 302, `${JSON.stringify(headers)}: ${res.body}`);
    assert.ok(res.headers.get("location")!.startsWith(s.microsoft.base));
  }
});

test("a cross-site POST cannot reconnect a source or start a connect, and creates no source", async () => {
  const key = keyOf(await connect(s.server, s.microsoft, "provider=microsoft"));
  const before = sourceCount();
  const tokens = getSourceByKey(s.server.app.db, key)!.refresh_token;
  const form = { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" };
  const json = { "Content-Type": "application/json", Origin: "https://evil.example" };
  const reconnect = await s.server.request(`/api/admin/contact-sources/${key}/connect`, { method: "POST", headers: json, body: "{}" });
  assert.equal(reconnect.status, 403, reconnect.body);
  const asForm = await s.server.request(`/api/admin/contact-sources/${key}/connect`, { method: "POST", headers: form, body: "" });
  assert.equal(asForm.status, 403, asForm.body);
  const grant = await s.server.request("/oauth-grant", { method: "POST", headers: form, body: `provider=microsoft&key=${ATTACKER_KEY}` });
  assert.ok(!grant.headers.get("location")?.startsWith(s.microsoft.base), "the provider's answer URL starts nothing");
  assert.equal(sourceCount(), before);
  assert.equal(getSourceByKey(s.server.app.db, ATTACKER_KEY), undefined);
  assert.equal(getSourceByKey(s.server.app.db, key)!.refresh_token, tokens);
});

test("reconnecting from the admin page (a same-origin JSON POST) keeps the source's key and replaces its tokens", async () => {
  const key = keyOf(await connect(s.server, s.microsoft, "provider=microsoft"));
  const old = getSourceByKey(s.server.app.db, key)!.refresh_token;
  const start = await s.server.request(`/api/admin/contact-sources/${key}/connect`, { method: "POST", headers: { "Content-Type": "application/json", Origin: s.server.url }, body: "{}" });
  assert.equal(start.status, 200, start.body);
  const { location } = JSON.parse(start.body) as { location: string };
  assert.ok(location.startsWith(s.microsoft.base));
  const back = new URL(await s.microsoft.oauth.consent(location));
  const done = await s.server.get(back.pathname + back.search, { headers: { Cookie: cookieOf(start) } });
  assert.equal(done.status, 302, done.body);
  assert.equal(keyOf(done), key);
  assert.notEqual(getSourceByKey(s.server.app.db, key)!.refresh_token, old);
});

test("reconnecting a key that names no source is 404 and creates none", async () => {
  const before = sourceCount();
  const res = await s.server.request(`/api/admin/contact-sources/${ATTACKER_KEY}/connect`, { method: "POST", headers: { "Content-Type": "application/json", Origin: s.server.url }, body: "{}" });
  assert.equal(res.status, 404, res.body);
  assert.equal(sourceCount(), before);
});
