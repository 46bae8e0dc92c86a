// A real Linphone client consumes what we serve (DESIGN §7, issue 10): Debian's linphonec, pointed at
// /provisioning/{token} through its remote provisioning setting ([misc] config-uri), ends up with the account — its
// proxy identity and auth_info — and registers with it at a fake registrar on loopback, which checks the Digest
// response against the account's stored HA1. A used token, or a broken document, leaves it without an account.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, test } from "node:test";
import { findAccount, passwordsOf } from "../../db/accounts.ts";
import { startRegistrar, type Registrar } from "../fakes/sip-registrar.ts";
import { linphonecMissing, rcSection, runLinphonec } from "../helpers/linphonec.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { seedAccount } from "../helpers/sip-api.ts";
import { provision } from "./helpers.ts";

const skip = linphonecMissing();
const DOMAIN = "sip.example.com";
const RUN = { skip, timeout: 60_000 };
let server: TestServer;
let registrar: Registrar;
let n = 0;

before(async () => {
  if (skip) return;
  registrar = await startRegistrar((username) => {
    const account = findAccount(server.app.db, username, DOMAIN);
    const stored = account && passwordsOf(server.app.db, account.id)[0];
    return stored && stored.algorithm !== "CLRTXT" ? { username, realm: DOMAIN, algorithm: stored.algorithm, ha1: stored.hash } : undefined;
  });
  server = await startTestServer({
    "switchboard.yml": `accounts:\n  sip_domain: ${DOMAIN}\n  provisioning: {proxy: "127.0.0.1:${registrar.port}", transport: tcp}\n`,
  });
});
after(async () => {
  await server?.close();
  await registrar?.close();
});

function pending(displayName: string) {
  const token = `lin${++n}`.padEnd(13, "q");
  const account = seedAccount(server.app.db, { username: `lina${n}`, domain: DOMAIN, activated: 0, provisioning_token: token, display_name: displayName, password: "initial-pw" });
  return { account, token };
}

const registered = (proxies: string) => /registered: yes/.test(proxies);

test("linphonec provisioned from /provisioning/{token} has the account (identity, auth_info) and registers with it", RUN, async () => {
  const { account, token } = pending(`Lina "L" O'Neil`);
  const run = await runLinphonec(`${server.url}/provisioning/${token}`, { done: registered });
  assert.match(run.proxies, new RegExp(`identity: "Lina \\\\"L\\\\" O'Neil" <sip:${account.username}@${DOMAIN}>`), run.proxies);
  assert.match(run.proxies, new RegExp(`sip address: <sip:127\\.0\\.0\\.1:${registrar.port};transport=tcp>`));
  assert.ok(registered(run.proxies), `linphonec did not register:\n${run.proxies}`);
  assert.ok((registrar.registered.get(account.username) ?? 0) >= 1);
  const [stored] = passwordsOf(server.app.db, account.id);
  const auth = rcSection(run.rc, "auth_info_0");
  assert.deepEqual({ username: auth?.username, domain: auth?.domain, ha1: auth?.ha1, realm: auth?.realm, algorithm: auth?.algorithm },
    { username: account.username, domain: DOMAIN, ha1: stored.hash, realm: DOMAIN, algorithm: "MD5" });
  assert.equal(rcSection(run.rc, "misc")?.["contacts-vcard-list"], `${server.app.store.config.switchboard.public_url}/contacts/vcard`);
});

test("linphonec provisioned with ?reset_password registers with the new password (SHA-256 HA1)", RUN, async () => {
  const { account, token } = pending("Reset");
  const run = await runLinphonec(`${server.url}/provisioning/${token}?reset_password`, { done: registered });
  const [stored] = passwordsOf(server.app.db, account.id);
  assert.equal(stored.algorithm, "SHA-256");
  assert.ok(registered(run.proxies), `linphonec did not register:\n${run.proxies}`);
  assert.equal(rcSection(run.rc, "auth_info_0")?.ha1, stored.hash);
  assert.equal(rcSection(run.rc, "auth_info_0")?.algorithm, "SHA-256");
});

test("a used token (404) leaves linphonec without an account", RUN, async () => {
  const { token } = pending("Used");
  assert.equal((await provision(server.url, `/provisioning/${token}`)).status, 200);
  const run = await runLinphonec(`${server.url}/provisioning/${token}`);
  assert.match(run.log, /^HTTP\/1\.1 404/m, "the client got the 404");
  assert.match(run.proxies, /No proxies defined/);
  assert.equal(rcSection(run.rc, "proxy_0"), undefined);
  assert.equal(rcSection(run.rc, "auth_info_0"), undefined);
});

test("a broken document (ours, cut short) leaves linphonec without an account", RUN, async () => {
  const { token } = pending("Broken");
  const whole = (await provision(server.url, `/provisioning/${token}`)).body;
  assert.match(whole, /reg_identity/);
  const cut = whole.slice(0, whole.indexOf("auth_info_0"));
  const broken: Server = createServer((_req, res) => res.writeHead(200, { "Content-Type": "application/xml" }).end(cut));
  await new Promise<void>((ok) => broken.listen(0, "127.0.0.1", ok));
  try {
    const port = (broken.address() as { port: number }).port;
    const run = await runLinphonec(`http://127.0.0.1:${port}/provisioning/${token}`);
    assert.match(run.log, /^HTTP\/1\.1 200/m, "the client got the document");
    assert.match(run.proxies, /No proxies defined/);
    assert.equal(rcSection(run.rc, "proxy_0"), undefined);
  } finally {
    await new Promise<void>((ok) => broken.close(() => ok()));
  }
});
