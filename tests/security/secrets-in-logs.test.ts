// Secrets never reach the log (DESIGN §6, issue 19): a server at debug level, its log captured, is taken on a tour
// that uses every kind of credential — Basic sign-in (right and wrong), SIP Digest, API keys, FlexiAPI passwords,
// Contact Sync sign-in and token, OAuth tokens from the fake providers, phone-book keys (query and CardDAV), the
// phones' authenticationURL, a report carrying passwords, a provisioning token — right and wrong; then the log is
// searched for each secret, its HA1 and its URL-encoded form.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { getSourceByKey } from "../../db/contact-sources.ts";
import { updateAccount } from "../../db/accounts.ts";
import { reportXml } from "../fakes/phone.ts";
import { connect, graphContact, keyOf, startWithFakes } from "../contacts/helpers.ts";
import { basic } from "../helpers/dav.ts";
import { startLogCapture } from "../helpers/log.ts";
import { call, DigestClient, seedAccount, seedApiKey } from "../helpers/sip-api.ts";

const DOMAIN = "sip.example.com";
const SERVICECONFIG = `ip_whitelist: [127.0.0.1]
auth:
  enabled: true
  users:
    admin: {username: admin, password: Adm1n-Secret-Pw, role: admin}
    clerk: {username: clerk, password: Clerk-Secret-Pw, role: user}
`;
const PHONES = `phones:\n  desk:\n    mac: "001122334455"\n    username: deskuser\n    password: "Desk-CGI-Secret"\n    Password_1_: "Line-SIP-Secret"\n`;
const md5 = (s: string) => createHash("md5").update(s).digest("hex");
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

test("a tour with every kind of credential leaves none of them, nor an HA1, in the debug log", async () => {
  const capture = startLogCapture("debug");
  const secrets = new Set<string>(["Adm1n-Secret-Pw", "Clerk-Secret-Pw", "Desk-CGI-Secret", "Line-SIP-Secret", "Report-Secret-1", "Report-Wifi-Psk"]);
  const s = await startWithFakes({ files: { "phones.yml": PHONES } });
  try {
    const { server } = s;
    s.microsoft.put("", graphContact(1));
    // OAuth: a connect and a sync hand us the fake Microsoft's tokens (auth is still off: the admin pages are open).
    const connected = await connect(server, s.microsoft, "provider=microsoft");
    const bookKey = keyOf(connected);
    assert.ok(bookKey, `connected: ${connected.status}`);
    const source = getSourceByKey(server.app.db, bookKey)!;
    for (const t of [source.access_token, source.refresh_token]) if (t) secrets.add(t);
    secrets.add(bookKey);

    server.writeConfig("switchboard.yml", `public_url: "${server.url}"\naccounts: {sip_domain: ${DOMAIN}}\ncontacts:\n  providers:\n${s.microsoft.providerYaml()}${s.sipgate.providerYaml()}`);
    server.writeConfig("serviceconfig.yml", SERVICECONFIG);
    const admin = { Authorization: basic("admin", "Adm1n-Secret-Pw") };
    assert.equal((await server.request(`/api/admin/contact-sources/${bookKey}/sync`, { method: "POST", headers: { ...admin, Origin: server.url, "Content-Type": "application/json" }, body: "{}" })).status < 300, true);
    for (const t of [getSourceByKey(server.app.db, bookKey)!.access_token, getSourceByKey(server.app.db, bookKey)!.refresh_token]) if (t) secrets.add(t);

    // Basic: right, wrong, a user on an admin page.
    assert.equal((await server.get("/status", { headers: admin })).status, 200);
    assert.equal((await server.get("/status", { headers: { Authorization: basic("admin", "Wrong-Admin-Guess") } })).status, 401);
    secrets.add("Wrong-Admin-Guess");
    assert.equal((await server.get("/call", { headers: { Authorization: basic("clerk", "Clerk-Secret-Pw") } })).status, 200);

    // SIP accounts: Digest (MD5 and SHA-256), API keys, FlexiAPI passwords set and changed, a wrong Digest password.
    const alice = seedAccount(server.app.db, { username: "alice", password: "Alice-Digest-Pw", algorithm: "SHA-256" });
    const root = seedAccount(server.app.db, { username: "root", password: "Root-Digest-Pw", admin: 1 });
    secrets.add("Alice-Digest-Pw").add("Root-Digest-Pw").add(sha256(`alice:${DOMAIN}:Alice-Digest-Pw`)).add(md5(`root:${DOMAIN}:Root-Digest-Pw`));
    const digest = new DigestClient(server.url, alice, "Alice-Digest-Pw", "SHA-256");
    assert.equal((await digest.request("GET", "/api/accounts/me")).status, 200);
    const keyRes = await digest.request("GET", "/api/accounts/me/api_key");
    assert.equal(keyRes.status, 200);
    const apiKey = keyRes.body.trim();
    secrets.add(apiKey);
    assert.equal((await new DigestClient(server.url, alice, "Wrong-Digest-Guess", "SHA-256").request("GET", "/api/accounts/me")).status, 401);
    secrets.add("Wrong-Digest-Guess");
    const rootKey = seedApiKey(server.app.db, root);
    secrets.add(rootKey);
    const asRoot = { "x-api-key": rootKey };
    const created = await call(server.url, "POST", "/api/accounts", { headers: asRoot, body: { username: "bob", password: "Bob-Flexi-Pw", algorithm: "MD5" } });
    assert.equal(created.status, 200, created.body);
    secrets.add("Bob-Flexi-Pw").add(md5(`bob:${DOMAIN}:Bob-Flexi-Pw`));
    const changed = await call(server.url, "POST", "/api/accounts/me/password", { headers: { "x-api-key": apiKey }, body: { algorithm: "SHA-256", old_password: "Alice-Digest-Pw", password: "Alice-New-Pw" } });
    assert.ok(changed.status < 300, changed.body);
    secrets.add("Alice-New-Pw").add(sha256(`alice:${DOMAIN}:Alice-New-Pw`));
    assert.equal((await call(server.url, "GET", "/api/accounts/me", { headers: { "x-api-key": "Wrong-Api-Key-Guess-000000000000" } })).status, 401);
    secrets.add("Wrong-Api-Key-Guess-000000000000");
    // Linphone provisioning with a one-shot token, and a wrong one.
    updateAccount(server.app.db, alice, { provisioning_token: "Prov-Token-Secret-1" });
    secrets.add("Prov-Token-Secret-1");
    assert.equal((await server.get("/provisioning/Prov-Token-Secret-1")).status, 200);
    assert.ok((await server.get("/provisioning/Prov-Token-Wrong-2")).status >= 400);
    secrets.add("Prov-Token-Wrong-2");

    // Contact Sync: sign-in (right and wrong), the token on its API and on the accounts API (the wrong kind).
    const signIn = await call(server.url, "POST", "/sso/token", { body: { username: `alice@${DOMAIN}`, password: "Alice-New-Pw", cloud_id: "c1" } });
    assert.equal(signIn.status, 200, signIn.body);
    const syncToken = signIn.json().token as string;
    secrets.add(syncToken);
    assert.equal((await call(server.url, "POST", "/sso/token", { body: { username: `alice@${DOMAIN}`, password: "Wrong-Sync-Guess", cloud_id: "c1" } })).status, 401);
    secrets.add("Wrong-Sync-Guess");
    assert.equal((await call(server.url, "PUT", "/sync/devices/d1", { headers: { Authorization: `Bearer ${syncToken}` }, body: { name: "Phone" } })).status, 201);
    assert.equal((await call(server.url, "GET", "/api/accounts/me", { headers: { Authorization: `Bearer ${syncToken}` } })).status >= 400, true);

    // Phone-book keys: the directory, the vCard export, CardDAV; wrong keys too.
    assert.equal((await server.get(`/cisco/directory?key=${bookKey}`)).status, 200);
    assert.equal((await server.get(`/vcard?key=${bookKey}`)).status, 200);
    assert.equal((await server.request(`/carddav/${bookKey}/`, { method: "PROPFIND", headers: { Authorization: basic("x", bookKey), Depth: "0" } })).status, 207);
    await server.get("/cisco/directory?key=Wrong-Book-Key-Guess");
    await server.request(`/carddav/${bookKey}/`, { method: "PROPFIND", headers: { Authorization: basic("x", "Wrong-Dav-Key-Guess"), Depth: "0" } });
    secrets.add("Wrong-Book-Key-Guess").add("Wrong-Dav-Key-Guess");

    // Phones: authenticationURL (right and wrong), a report carrying passwords, the profile with the line password.
    await server.get("/cisco/authenticate?UserID=deskuser&Password=Desk-CGI-Secret&devicename=desk");
    await server.get("/cisco/authenticate?UserID=deskuser&Password=Wrong-Cgi-Guess&devicename=desk");
    secrets.add("Wrong-Cgi-Guess");
    const report = reportXml({ Password_1_: "Report-Secret-1", Wi_Fi_Password_1_: "Report-Wifi-Psk", Profile_Rule: "https://u:Report-Url-Secret@prov.example.com/x.xml" });
    secrets.add("Report-Url-Secret");
    assert.equal((await server.request("/report/001122334455", { method: "POST", body: report })).status, 200);
    await server.request("/report/001122334455", { method: "POST", body: report.slice(0, -20) });
    assert.equal((await server.get("/001122334455.xml")).status, 200);
  } finally {
    capture.stop();
    await s.close();
  }
  const logged = capture.lines.join("");
  assert.ok(logged.length > 0, "the tour was logged at debug level");
  const found = [...secrets].filter((secret) => logged.includes(secret) || logged.includes(encodeURIComponent(secret)));
  assert.deepEqual(found, [], `secrets in the log:\n${capture.lines.filter((l) => found.some((f) => l.includes(f))).join("")}`);
});
