// Two instances side by side, as README's systemd template runs them: one config folder (switchboard.yml and an
// overlay per instance), one public/ folder with a stylesheet per instance, two databases, two ports, two real
// servers. Each serves its own SIP domain, stylesheet, name and texts.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startServer, type RunningServer } from "../server.ts";
import { addCreationToken } from "../db/account-creation-tokens.ts";
import { findAccount } from "../db/accounts.ts";
import { LOOPBACK_SERVICECONFIG } from "./helpers/server.ts";
import { call } from "./helpers/sip-api.ts";

const root = mkdtempSync(join(tmpdir(), "switchboard-instances-"));
const configDir = join(root, "config");
const publicDir = join(root, "public");
const servers: Record<"alpha" | "beta", RunningServer> = {} as never;

const BASE = `accounts:
  sip_domain: base.example.com
instance:
  copyright: "© Shared Telephony <GmbH> & Co"
`;
const ALPHA = `name: "Alpha <Phones>"
accounts:
  sip_domain: alpha.example.com
instance:
  copyright: "© Alpha & Sons <script>alert(1)</script>"
  intro_registration: |
    Welcome to <Alpha>.

    Ask the front desk for help.
`;
const BETA = `name: Beta Voice
accounts:
  sip_domain: beta.example.com
`;

before(async () => {
  mkdirSync(configDir);
  mkdirSync(join(publicDir, "css"), { recursive: true });
  writeFileSync(join(configDir, "serviceconfig.yml"), LOOPBACK_SERVICECONFIG);
  writeFileSync(join(configDir, "switchboard.yml"), BASE);
  writeFileSync(join(configDir, "switchboard.alpha.yml"), ALPHA);
  writeFileSync(join(configDir, "switchboard.beta.yml"), BETA);
  writeFileSync(join(publicDir, "css", "style.css"), "/* default */");
  writeFileSync(join(publicDir, "css", "alpha.style.css"), "/* alpha theme */");
  writeFileSync(join(publicDir, "css", "beta.style.css"), "/* beta theme */");
  for (const instance of ["alpha", "beta"] as const) {
    servers[instance] = await startServer({ port: 0, host: "127.0.0.1", configDir, dbPath: join(root, `${instance}.sqlite`), instance, watchConfig: false });
    servers[instance].app.publicDir = publicDir;
  }
});

after(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()));
  rmSync(root, { recursive: true, force: true });
});

const get = async (s: RunningServer, path: string) => {
  const res = await fetch(s.url + path);
  return { status: res.status, body: await res.text() };
};

test("the two instances listen on two ports, each with its own database", () => {
  assert.notEqual(servers.alpha.port, servers.beta.port);
  assert.notEqual(servers.alpha.app.db.name, servers.beta.app.db.name);
});

test("each instance creates accounts in its own SIP domain, in its own database", async () => {
  for (const [instance, domain, other] of [["alpha", "alpha.example.com", "beta"], ["beta", "beta.example.com", "alpha"]] as const) {
    const s = servers[instance];
    const { token } = addCreationToken(s.app.db, `${instance}tok123456`.slice(0, 13), { ip: null, userAgent: null });
    const res = await call(s.url, "POST", "/api/accounts/with-account-creation-token", { body: { username: "reception", algorithm: "SHA-256", password: "pw-123", account_creation_token: token } });
    assert.equal(res.status, 200, res.body);
    assert.equal(res.json().domain, domain);
    assert.ok(findAccount(s.app.db, "reception", domain));
    assert.equal(findAccount(servers[other].app.db, "reception", domain), undefined, "the other instance's database does not have it");
  }
});

test("each instance serves its own stylesheet as /css/style.css", async () => {
  assert.equal((await get(servers.alpha, "/css/style.css")).body, "/* alpha theme */");
  assert.equal((await get(servers.beta, "/css/style.css")).body, "/* beta theme */");
});

test("the API page carries each instance's name, introduction and copyright, escaped", async () => {
  const alpha = (await get(servers.alpha, "/api")).body;
  assert.match(alpha, /<title>Account API · Alpha &#60;Phones&#62;<\/title>/);
  assert.match(alpha, /<section class="instance-intro"><p>Welcome to &#60;Alpha&#62;.<\/p><p>Ask the front desk for help.<\/p><\/section>/);
  assert.match(alpha, /<footer class="instance-footer"><p>© Alpha &#38; Sons &#60;script&#62;alert\(1\)&#60;\/script&#62;<\/p><\/footer>/);
  assert.doesNotMatch(alpha, /<script>alert/);
  const beta = (await get(servers.beta, "/api")).body;
  assert.match(beta, /<title>Account API · Beta Voice<\/title>/);
  assert.doesNotMatch(beta, /instance-intro/, "no introduction configured for beta");
  assert.match(beta, /<p>© Shared Telephony &#60;GmbH&#62; &#38; Co<\/p>/, "beta has no copyright of its own: switchboard.yml's");
});

test("the account creation request page carries the instance's name and texts", async () => {
  for (const [instance, title, text] of [["alpha", "Alpha &#60;Phones&#62;", "Welcome to &#60;Alpha&#62;."], ["beta", "Beta Voice", "Shared Telephony"]] as const) {
    const s = servers[instance];
    const { validation_url } = (await call(s.url, "POST", "/api/account_creation_request_tokens")).json();
    const page = await get(s, new URL(validation_url).pathname);
    assert.equal(page.status, 200);
    assert.match(page.body, new RegExp(`<title>Confirm your account request · ${title}</title>`));
    assert.ok(page.body.includes(text), `${instance}: ${text}`);
    assert.match(page.body, /<button type="submit">/);
  }
});
