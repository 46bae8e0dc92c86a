import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { listContacts } from "../../db/contacts.ts";
import { getSourceByKey } from "../../db/contact-sources.ts";
import { savePhoneBook } from "../../db/phone-books.ts";
import { begin, connect, cookieOf, graphContact, keyOf, OWN_PAGE_LINK, startWithFakes, switchboardYaml, switchboardYamlFor, type Setup } from "./helpers.ts";

// One Switchboard for the file. The fakes' contacts below are never changed; a test that changes a fake's
// behaviour or the config puts it back with t.after. Every connect makes a new source, so none shares one.
let s: Setup;
before(async () => {
  s = await startWithFakes();
  for (let i = 0; i < 5; i++) s.microsoft.put("", graphContact(i));
  s.microsoft.put("work", graphContact(100, { displayName: "Folder Friend" }));
});
after(() => s.close());

/** A connect started without a browser: the redirect and the authorize URL it points at. */
async function started() {
  const res = await s.server.get("/oauth-grant?provider=microsoft", { headers: OWN_PAGE_LINK });
  assert.equal(res.status, 302);
  return { res, url: new URL(res.headers.get("location")!) };
}

test("connect sends the browser to the provider's authorize URL with our client id and redirect_uri", async () => {
  const { url } = await started();
  assert.equal(url.origin + url.pathname, `${s.microsoft.base}/common/oauth2/v2.0/authorize`);
  assert.equal(url.searchParams.get("response_type"), "code");
  assert.equal(url.searchParams.get("client_id"), "fake-client");
  assert.equal(url.searchParams.get("redirect_uri"), `${s.server.url}/oauth-grant`);
});

test("connect uses PKCE with an S256 challenge, so a stolen code is useless", async () => {
  const { url } = await started();
  assert.equal(url.searchParams.get("code_challenge_method"), "S256");
  assert.match(url.searchParams.get("code_challenge")!, /^[A-Za-z0-9_-]{43}$/);
});

test("connect asks for offline_access, without which no refresh token comes back", async () => {
  const { url } = await started();
  assert.match(url.searchParams.get("scope")!, /offline_access/);
});

test("connect sends an unguessable state", async () => {
  const { url } = await started();
  assert.ok(url.searchParams.get("state")!.length >= 32);
});

test("the cookie binding the connect to the browser is HttpOnly, SameSite=Lax and lives ten minutes", async () => {
  const { res } = await started();
  const cookie = res.headers.get("set-cookie")!;
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.match(cookie, /Max-Age=600/);
});

test("after consent the browser lands on the overview with the new source's key and state=authorized", async () => {
  const res = await connect(s.server, s.microsoft, "provider=microsoft");
  assert.equal(res.status, 302, res.body);
  const key = keyOf(res);
  assert.match(key, /^[0-9a-f]{32}$/);
  assert.equal(res.headers.get("location"), `/?key=${key}&state=authorized`);
});

test("a connected source is labelled with the account's identity and keeps its refresh token", async () => {
  const source = getSourceByKey(s.server.app.db, keyOf(await connect(s.server, s.microsoft, "provider=microsoft")))!;
  assert.equal(source.label, "ada@example.com");
  assert.equal(source.account_id, "user-1");
  assert.equal(source.status, "ok");
  assert.ok(source.refresh_token);
});

test("the first sync runs during the connect and reads every folder", async () => {
  const source = getSourceByKey(s.server.app.db, keyOf(await connect(s.server, s.microsoft, "provider=microsoft")))!;
  assert.equal(source.contact_count, 6, "default folder and the other folder");
  assert.ok(listContacts(s.server.app.db, [source.id]).some((c) => c.display_name === "Folder Friend"));
});

test("the first sync stores numbers with their type, as written and normalized", async () => {
  const source = getSourceByKey(s.server.app.db, keyOf(await connect(s.server, s.microsoft, "provider=microsoft")))!;
  const p1 = listContacts(s.server.app.db, [source.id]).find((c) => c.external_id === "c1")!;
  assert.deepEqual(p1.numbers.map((n) => [n.type, n.number, n.normalized]), [["mobile", "+49 170 1", "491701"], ["work", "030 1001", "49301001"]]);
});

test("the code is exchanged together with the PKCE verifier", async () => {
  assert.equal((await connect(s.server, s.microsoft, "provider=microsoft")).status, 302);
  const form = s.microsoft.oauth.tokenRequests.at(-1)!;
  assert.equal(form.get("grant_type"), "authorization_code");
  assert.ok(form.get("code_verifier"));
});

test("the legacy /oauth-grant.php works and uses itself as redirect_uri", async () => {
  const { authorize, cookie } = await begin(s.server, "provider=microsoft", "/oauth-grant.php");
  assert.equal(new URL(authorize).searchParams.get("redirect_uri"), `${s.server.url}/oauth-grant.php`);
  const back = new URL(await s.microsoft.oauth.consent(authorize));
  assert.equal(back.pathname, "/oauth-grant.php");
  const res = await s.server.get(back.pathname + back.search, { headers: { Cookie: cookie } });
  assert.equal(res.status, 302);
});

test("a form_post answer without the cookie is sent on as a GET, which then carries it", async () => {
  const { authorize, cookie } = await begin(s.server, "provider=microsoft");
  const back = new URL(await s.microsoft.oauth.consent(authorize));
  const post = await s.server.request("/oauth-grant", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: back.searchParams.toString() });
  assert.equal(post.status, 303);
  const res = await s.server.get(post.headers.get("location")!, { headers: { Cookie: cookie } });
  assert.equal(res.status, 302);
  assert.match(res.headers.get("location")!, /state=authorized/);
});

test("a form_post answer that carries the cookie is handled directly", async () => {
  const { authorize, cookie } = await begin(s.server, "provider=microsoft");
  const back = new URL(await s.microsoft.oauth.consent(authorize));
  const res = await s.server.request("/oauth-grant", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie }, body: back.searchParams.toString() });
  assert.equal(res.status, 302);
  assert.match(res.headers.get("location")!, /state=authorized/);
});

test("reconnecting with key=K keeps the key and replaces the tokens", async () => {
  const first = keyOf(await connect(s.server, s.microsoft, "provider=microsoft"));
  const before = getSourceByKey(s.server.app.db, first)!;
  const again = await connect(s.server, s.microsoft, `provider=microsoft&key=${first}`);
  assert.equal(keyOf(again), first);
  assert.notEqual(getSourceByKey(s.server.app.db, first)!.refresh_token, before.refresh_token);
});

test("a state from another browser (other cookie) is refused", async () => {
  // The cookie another browser really got for its own connect, and one nobody was given. Each answer gets a state
  // of its own: a refused answer uses its state up.
  const forged = (cookie: string) => cookie.replace(/=.*/, "=" + "x".repeat(43));
  for (const otherCookie of [(other: string) => other, forged]) {
    const { authorize } = await begin(s.server, "provider=microsoft");
    const { cookie: other } = await begin(s.server, "provider=microsoft");
    const back = new URL(await s.microsoft.oauth.consent(authorize));
    const res = await s.server.get(back.pathname + back.search, { headers: { Cookie: otherCookie(other) } });
    assert.equal(res.status, 403);
    assert.match(res.body, /does not match this browser/);
    assert.match(res.body, /What to do/);
  }
});

test("an answer brought back by another browser does not use up the sign-in of the browser that started it", async () => {
  const { authorize, cookie } = await begin(s.server, "provider=microsoft");
  const back = new URL(await s.microsoft.oauth.consent(authorize));
  const stranger = await s.server.get(back.pathname + back.search, { headers: { Cookie: "switchboard_oauth=" + "z".repeat(43) } });
  assert.equal(stranger.status, 403);
  const own = await s.server.get(back.pathname + back.search, { headers: { Cookie: cookie } });
  assert.equal(own.status, 302, own.body);
});

test("an unknown state (restarted server, stale tab) is a readable page", async () => {
  const res = await s.server.get("/oauth-grant?code=abc&state=nonsense", { headers: { Cookie: "switchboard_oauth=" + "y".repeat(43) } });
  assert.equal(res.status, 403);
  assert.match(res.headers.get("content-type")!, /text\/html/);
  assert.match(res.body, /does not match/);
  assert.match(res.body, /stale|old tab|reset/);
});

test("a replayed answer is refused the second time", async () => {
  const { authorize, cookie } = await begin(s.server, "provider=microsoft");
  const back = new URL(await s.microsoft.oauth.consent(authorize));
  const first = await s.server.get(back.pathname + back.search, { headers: { Cookie: cookie } });
  assert.equal(first.status, 302);
  const second = await s.server.get(back.pathname + back.search, { headers: { Cookie: cookie } });
  assert.equal(second.status, 403);
  assert.match(second.body, /already used/);
});

test("an expired state is refused", async () => {
  const { authorize, cookie } = await begin(s.server, "provider=microsoft");
  const state = new URL(authorize).searchParams.get("state")!;
  s.server.app.db.prepare("UPDATE oauth_states SET expires_at = ? WHERE state = ?").run(new Date(Date.now() - 1000).toISOString(), state);
  const back = new URL(await s.microsoft.oauth.consent(authorize));
  const res = await s.server.get(back.pathname + back.search, { headers: { Cookie: cookie } });
  assert.equal(res.status, 403);
  assert.match(res.body, /took too long/);
});

test("the provider's error and description are shown", async () => {
  const { authorize, cookie } = await begin(s.server, "provider=microsoft");
  const back = new URL(await s.microsoft.oauth.consent(authorize, "deny"));
  const res = await s.server.get(back.pathname + back.search, { headers: { Cookie: cookie } });
  assert.equal(res.status, 403);
  assert.match(res.body, /access_denied/);
  assert.match(res.body, /The user declined/);
});

test("a redirect_uri the provider does not know is explained with the URI to register", async () => {
  const { authorize, cookie } = await begin(s.server, "provider=microsoft");
  const state = new URL(authorize).searchParams.get("state")!;
  const q = new URLSearchParams({ state, error: "invalid_request", error_description: "AADSTS50011: The redirect URI specified in the request does not match." });
  const res = await s.server.get(`/oauth-grant?${q}`, { headers: { Cookie: cookie } });
  assert.equal(res.status, 503, "our app registration must change, not the request");
  assert.match(res.body, /Redirect URI not registered/);
  assert.ok(res.body.includes(`${s.server.url}/oauth-grant`));
});

test("a wrong client secret is explained and nothing is stored", async (t) => {
  const count = s.server.app.db.prepare("SELECT count(*) FROM contact_sources").pluck().get();
  const secret = s.microsoft.oauth.options.clientSecret;
  t.after(() => void (s.microsoft.oauth.options.clientSecret = secret));
  s.microsoft.oauth.options.clientSecret = "the-real-one";
  const res = await connect(s.server, s.microsoft, "provider=microsoft");
  assert.equal(res.status, 503, "our app registration must change, not the request");
  assert.match(res.body, /Client id or secret not accepted/);
  assert.doesNotMatch(res.body, /fake-secret/, "the secret never appears on a page");
  assert.equal(s.server.app.db.prepare("SELECT count(*) FROM contact_sources").pluck().get(), count);
});

test("a token endpoint answering 503 is explained as unreachable", async (t) => {
  t.after(() => void (s.microsoft.oauth.failToken = 0));
  s.microsoft.oauth.failToken = 1;
  const res = await connect(s.server, s.microsoft, "provider=microsoft");
  assert.equal(res.status, 502);
  assert.match(res.body, /could not be reached/);
});

test("a token endpoint nothing answers at is explained as unreachable", async (t) => {
  const closed = createServer();
  await new Promise<void>((ok) => closed.listen(0, "127.0.0.1", ok));
  const deadPort = (closed.address() as AddressInfo).port;
  await new Promise((ok) => closed.close(ok));
  switchboardYamlFor(t, s, switchboardYaml(s).replace(`${s.microsoft.base}/{tenant}/oauth2/v2.0/token`, `http://127.0.0.1:${deadPort}/token`));
  const res = await connect(s.server, s.microsoft, "provider=microsoft");
  assert.equal(res.status, 502);
  assert.match(res.body, /could not be reached/);
});

test("an unknown provider is a readable 422 page", async () => {
  const unknown = await s.server.get("/oauth-grant?provider=google", { headers: OWN_PAGE_LINK });
  assert.equal(unknown.status, 422);
  assert.match(unknown.body, /not a provider/);
});

test("a provider missing from switchboard.yml is a readable page naming the redirect URI to register", async (t) => {
  switchboardYamlFor(t, s, `public_url: "${s.server.url}"\n`);
  const res = await s.server.get("/oauth-grant?provider=sipgate", { headers: OWN_PAGE_LINK });
  assert.equal(res.status, 503);
  assert.match(res.body, /not set up/);
  assert.ok(res.body.includes(`${s.server.url}/oauth-grant`));
});

test("sipgate connects with userinfo as the label", async (t) => {
  t.after(() => void (s.sipgate.contacts = []));
  s.sipgate.contacts = [{ id: "s1", name: "Jürgen Groß", numbers: [{ number: "+4921112345", type: ["work"] }], scope: "SHARED" }];
  const res = await connect(s.server, s.sipgate, "provider=sipgate");
  assert.equal(res.status, 302, res.body);
  const source = getSourceByKey(s.server.app.db, keyOf(res))!;
  assert.equal(source.label, "sipgate 1234567");
  assert.equal(source.account_id, "w0");
  assert.equal(source.contact_count, 1);
  assert.equal(cookieOf(res), "", "the callback sets no cookie");
});

test("reconnecting with a phone book's key is refused before leaving: only a source can be reconnected", async () => {
  const sipgateKey = keyOf(await connect(s.server, s.sipgate, "provider=sipgate"));
  savePhoneBook(s.server.app.db, { key: "abcdefabcdefabcdefab", label: "Book", sourceIds: [getSourceByKey(s.server.app.db, sipgateKey)!.id] });
  const book = await reconnect("abcdefabcdefabcdefab");
  assert.equal(book.status, 404);
  assert.match(book.body, /no contact source/);
});

test("reconnecting keeps the source's own provider", async () => {
  const sipgateKey = keyOf(await connect(s.server, s.sipgate, "provider=sipgate"));
  const res = await reconnect(sipgateKey);
  assert.equal(res.status, 200, res.body);
  assert.ok((JSON.parse(res.body) as { location: string }).location.startsWith(s.sipgate.base));
});

test("a FRITZ!Box phone book cannot be reconnected: it is uploaded or fetched", async () => {
  const box = await s.server.request("/api/admin/contact-sources", { method: "POST", headers: { "Content-Type": "application/json", Origin: s.server.url }, body: JSON.stringify({ xml: "<phonebooks><phonebook/></phonebooks>" }) });
  assert.equal(box.status, 201, box.body);
  const res = await reconnect((JSON.parse(box.body) as { key: string }).key);
  assert.equal(res.status, 422);
  assert.match(res.body, /phone book/);
});

/** The Reconnect button's request. */
function reconnect(key: string) {
  return s.server.request(`/api/admin/contact-sources/${key}/connect`, { method: "POST", headers: { "Content-Type": "application/json", Origin: s.server.url }, body: "{}" });
}
