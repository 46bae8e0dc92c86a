// The provisioning document as Linphone reads it (DESIGN §5.4, FlexiAPI's ProvisioningController and
// AccountProvisioningTest / ApiExternalAccountTest): parsed back element by element.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test, type TestContext } from "node:test";
import { passwordsOf } from "../../db/accounts.ts";
import { importExternalAccounts, takeExternalAccount } from "../../db/external-accounts.ts";
import { addSha256 } from "../accounts/helpers.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { seedAccount, seedApiKey } from "../helpers/sip-api.ts";
import { assertXml, provision, values } from "./helpers.ts";

const DOMAIN = "sip.example.com";
const BASE_YML = `public_url: "http://pbx.example.com:8080"\naccounts:\n  sip_domain: ${DOMAIN}\n`;
let server: TestServer;
let n = 0;

before(async () => {
  server = await startTestServer({ "switchboard.yml": BASE_YML });
});
after(() => server.close());

/** accounts.provisioning settings for one test (restored after it). */
function configure(t: TestContext, provisioning: string, files: Record<string, string> = {}): void {
  for (const [file, text] of Object.entries(files)) writeFileSync(join(server.configDir, file), text);
  server.writeConfig("switchboard.yml", `${BASE_YML}  provisioning: ${provisioning}\n`);
  t.after(() => server.writeConfig("switchboard.yml", BASE_YML));
}

function account(o: { display_name?: string; algorithm?: "MD5" | "SHA-256" | "CLRTXT"; password?: string } = {}) {
  const a = seedAccount(server.app.db, { username: `anna${++n}`, domain: DOMAIN, ...o });
  return { account: a, me: () => provision(server.url, "/provisioning/me", { "x-api-key": seedApiKey(server.app.db, a) }) };
}

test("an account's document: proxy_0 with its identity, one auth_info per password (MD5 and SHA-256), the contacts list URL", async () => {
  const { account: a, me } = account({ password: "pw-1" });
  addSha256(server.app.db, a, "pw-1");
  const [md5, sha256] = passwordsOf(server.app.db, a.id);
  const doc = assertXml(await me());
  assert.deepEqual([...doc.keys()], ["misc", "proxy_0", "auth_info_0", "auth_info_1"]);
  assert.deepEqual(values(doc, "misc"), { "contacts-vcard-list": "http://pbx.example.com:8080/contacts/vcard" });
  assert.deepEqual(values(doc, "proxy_0"), { reg_identity: `<sip:${a.username}@${DOMAIN}>`, reg_sendregister: "1", refkey: "push_notification" });
  assert.deepEqual(values(doc, "auth_info_0"), { username: a.username, domain: DOMAIN, ha1: md5.hash, realm: DOMAIN, algorithm: "MD5" });
  assert.deepEqual(values(doc, "auth_info_1"), { username: a.username, domain: DOMAIN, ha1: sha256.hash, realm: DOMAIN, algorithm: "SHA-256" });
  assert.ok([...doc.values()].every((s) => [...s.values()].every((e) => e.overwrite === undefined)), "no overwrite attribute unless configured");
});

test("a display name with quotes, a backslash and XML's special characters is a SIP quoted-string, escaped for XML", async () => {
  const { account: a, me } = account({ display_name: `Anna "Nan" O'Reily <&> \\ x` });
  const res = await me();
  const doc = assertXml(res);
  assert.equal(values(doc, "proxy_0").reg_identity, `"Anna \\"Nan\\" O'Reily <&> \\\\ x" <sip:${a.username}@${DOMAIN}>`);
  assert.ok(!res.body.includes("<&>"), "the characters are escaped in the XML text");
});

test("the realm is accounts.realm when configured, else the account's domain", async (t) => {
  server.writeConfig("switchboard.yml", `${BASE_YML}  realm: "Office PBX"\n`);
  t.after(() => server.writeConfig("switchboard.yml", BASE_YML));
  const { me } = account();
  assert.equal(values(assertXml(await me()), "auth_info_0").realm, "Office PBX");
});

test("GET /provisioning has the rc file's sections and the contacts list, and no account (no ha1)", async (t) => {
  configure(t, "{rc_file: linphone.rc}", { "linphone.rc": "; site defaults\n[sip]\nmedia_encryption = srtp\n[net]\nfirewall_policy=3\n" });
  const res = await provision(server.url, "/provisioning");
  const doc = assertXml(res);
  assert.deepEqual([...doc.keys()], ["sip", "net", "misc"]);
  assert.deepEqual(values(doc, "sip"), { media_encryption: "srtp" });
  assert.deepEqual(values(doc, "net"), { firewall_policy: "3" });
  assert.ok(!res.body.includes("ha1"));
});

test("the rc file's sections come first; its [proxy_0] and [misc] take the account's entries after their own", async (t) => {
  configure(t, "{rc_file: linphone.rc}", { "linphone.rc": "[app]\ntheme=dark\n[proxy_0]\nreg_expires=600\n[misc]\nlog_level=2\n" });
  const { account: a, me } = account();
  const doc = assertXml(await me());
  assert.deepEqual([...doc.keys()], ["app", "proxy_0", "misc", "auth_info_0"]);
  assert.deepEqual(Object.keys(values(doc, "proxy_0")), ["reg_expires", "reg_identity", "reg_sendregister", "refkey"]);
  assert.equal(values(doc, "proxy_0").reg_identity, `<sip:${a.username}@${DOMAIN}>`);
  assert.deepEqual(values(doc, "misc"), { log_level: "2", "contacts-vcard-list": "http://pbx.example.com:8080/contacts/vcard" });
});

test("overwrite_all puts overwrite=\"true\" on every entry, the rc file's included", async (t) => {
  configure(t, "{rc_file: linphone.rc, overwrite_all: true}", { "linphone.rc": "[sip]\nmedia_encryption=srtp\n" });
  const { me } = account();
  const doc = assertXml(await me());
  const entries = [...doc.values()].flatMap((s) => [...s.values()]);
  assert.ok(entries.length >= 10);
  for (const e of entries) assert.equal(e.overwrite, "true");
});

test("the configured proxy and transport become reg_proxy and reg_route of the account's proxy", async (t) => {
  configure(t, "{proxy: \"sip:proxy.example.com:5061\", transport: TLS}");
  const { me } = account();
  const proxy = values(assertXml(await me()), "proxy_0");
  assert.equal(proxy.reg_proxy, "<sip:proxy.example.com:5061;transport=tls>");
  assert.equal(proxy.reg_route, "<sip:proxy.example.com:5061;transport=tls>");
});

test("a transport without a proxy routes through the account's own domain", async (t) => {
  configure(t, "{transport: tcp}");
  const { me } = account();
  assert.equal(values(assertXml(await me()), "proxy_0").reg_proxy, `<sip:${DOMAIN};transport=tcp>`);
});

test("an external account is a second proxy (idkey) that the account's proxy depends on, with its own auth_info", async () => {
  const { account: a, me } = account();
  importExternalAccounts(server.app.db, [{ username: `ext${n}`, domain: "other.example.org", group: "g", password: "0123abcd0123abcd0123abcd0123abcd", algorithm: "MD5" }]);
  const ext = takeExternalAccount(server.app.db, a.id)!;
  const doc = assertXml(await me());
  assert.deepEqual([...doc.keys()], ["misc", "proxy_0", "auth_info_0", "proxy_1", "auth_info_1"]);
  assert.equal(values(doc, "proxy_0").depends_on, "external_account");
  assert.deepEqual(values(doc, "proxy_1"), { reg_identity: `<sip:${ext.username}@other.example.org>`, reg_sendregister: "1", refkey: "push_notification", idkey: "external_account" });
  assert.deepEqual(values(doc, "auth_info_1"), { username: ext.username, domain: "other.example.org", ha1: ext.password, realm: "other.example.org", algorithm: "MD5" });
});

test("a clear-text password (seeded) is provisioned as passwd, which Linphone hashes itself", async () => {
  const { account: a, me } = account({ algorithm: "CLRTXT", password: "clear-pw" });
  assert.deepEqual(values(assertXml(await me()), "auth_info_0"), { username: a.username, domain: DOMAIN, passwd: "clear-pw", realm: DOMAIN });
});

test("an rc file that is missing or malformed is a config problem naming it (and its line); provisioning goes on", async (t) => {
  configure(t, "{rc_file: missing.rc}");
  assert.ok(server.app.store.errors.some((p) => p.file === "missing.rc" && /does not exist/.test(p.message)), JSON.stringify(server.app.store.errors));
  assert.equal((await provision(server.url, "/provisioning")).status, 200);
  configure(t, "{rc_file: broken.rc}", { "broken.rc": "[sip]\nmedia_encryption=srtp\nno equals sign here\n" });
  const health = await provision(server.url, "/health");
  assert.ok(health.json().config.errors.some((p: { file: string; line?: number }) => p.file === "broken.rc" && p.line === 3), health.body);
  assert.deepEqual([...assertXml(await provision(server.url, "/provisioning")).keys()], ["misc"]);
});

test("switchboard.yml's provisioning settings are checked: a bad proxy or transport is a config problem", async (t) => {
  server.writeConfig("switchboard.yml", `${BASE_YML}  provisioning: {proxy: "two words", transport: sctp}\n`);
  t.after(() => server.writeConfig("switchboard.yml", BASE_YML));
  const messages = server.app.store.errors.map((p) => p.message).join("\n");
  assert.match(messages, /accounts\.provisioning\.proxy/);
  assert.match(messages, /accounts\.provisioning\.transport/);
});
