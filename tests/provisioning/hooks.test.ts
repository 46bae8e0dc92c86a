// config/provisioning-hooks.ts: an admin's functions add entries to the proxy and auth_info sections and add
// sections; a file that does not load, or a hook that fails, is a config problem named after the file and makes
// provisioning answer 503 (a one-shot token stays unspent), never a crash.
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test, type TestContext } from "node:test";
import { getAccount } from "../../db/accounts.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { seedAccount, seedApiKey } from "../helpers/sip-api.ts";
import { assertXml, provision, values } from "./helpers.ts";

const DOMAIN = "sip.example.com";
const FILE = "provisioning-hooks.ts";
let server: TestServer;
let n = 0;

before(async () => {
  // Beside a package.json of type module (as the project's own config/ folder is), tsx loads the hooks as an ES
  // module from its file URL; in a folder without one it wraps a CommonJS module in a data: URL, which c8's
  // coverage report cannot map back to a file.
  server = await startTestServer({ "switchboard.yml": `accounts:\n  sip_domain: ${DOMAIN}\n`, "package.json": '{"type": "module"}' });
});
after(() => server.close());

/** Writes the hooks file and loads it as a config reload would; removed again after the test. */
async function hooks(t: TestContext, source: string): Promise<void> {
  writeFileSync(join(server.configDir, FILE), source);
  await server.app.provisioningHooks.load();
  t.after(async () => {
    rmSync(join(server.configDir, FILE), { force: true });
    await server.app.provisioningHooks.load();
  });
}

function pending() {
  const token = `hook${++n}`.padEnd(13, "z");
  const account = seedAccount(server.app.db, { username: `frank${n}`, domain: DOMAIN, activated: 0, provisioning_token: token, display_name: "Frank" });
  return { account, token };
}

const hookProblems = () => server.app.store.errors.filter((p) => p.file === FILE);

const EXAMPLE = `
import type { HookAccount, HookEntries, HookRequest } from "${join(process.cwd(), "core/accounts/provisioning-hooks.ts")}";

export function proxyEntries(account: HookAccount, request: HookRequest): HookEntries {
  return { reg_expires: 600, publish: true, x_ua: String(request.headers["user-agent"] ?? ""), x_types: account.types.join(",") };
}

export function authInfoEntries(account: HookAccount, password: { algorithm: string }): HookEntries {
  return { x_for: account.username + "/" + password.algorithm };
}

export function extraSections(account: HookAccount | undefined): Record<string, HookEntries> {
  return account ? { app: { greeting: "Hello " + account.display_name }, misc: { x_extra: 1 } } : { app: { greeting: "Hello" } };
}
`;

test("hooks add entries to the account's proxy and auth_info sections and add sections", async (t) => {
  await hooks(t, EXAMPLE);
  assert.deepEqual(hookProblems(), []);
  const { account, token } = pending();
  const doc = assertXml(await provision(server.url, `/provisioning/${token}`, { "User-Agent": "LinphoneAndroid/5.2" }));
  assert.deepEqual(values(doc, "proxy_0"), {
    reg_identity: `"Frank" <sip:${account.username}@${DOMAIN}>`, reg_sendregister: "1", refkey: "push_notification",
    reg_expires: "600", publish: "1", x_ua: "LinphoneAndroid/5.2", x_types: "",
  });
  assert.equal(values(doc, "auth_info_0").x_for, `${account.username}/MD5`);
  assert.deepEqual(values(doc, "app"), { greeting: "Hello Frank" });
  assert.equal(values(doc, "misc").x_extra, "1");
  assert.equal(values(doc, "misc")["contacts-vcard-list"], `${server.app.store.config.switchboard.public_url}/contacts/vcard`);
});

test("hooks do not see the caller's credentials (Authorization, Cookie, x-api-key)", async (t) => {
  await hooks(t, `export function proxyEntries(_a: unknown, r: { headers: Record<string, unknown> }) { return { seen: Object.keys(r.headers).sort().join(",") }; }\n`);
  const key = seedApiKey(server.app.db, seedAccount(server.app.db, { username: `hank${++n}`, domain: DOMAIN }));
  const seen = values(assertXml(await provision(server.url, "/provisioning/me", { "x-api-key": key, Cookie: "a=b", "X-Custom": "1" })), "proxy_0").seen;
  assert.match(seen, /x-custom/);
  assert.doesNotMatch(seen, /x-api-key|cookie|authorization/);
});

test("the sections hook also runs for GET /provisioning, without an account", async (t) => {
  await hooks(t, EXAMPLE);
  assert.deepEqual(values(assertXml(await provision(server.url, "/provisioning")), "app"), { greeting: "Hello" });
});

test("a hooks file that does not compile is a config problem naming it; provisioning answers 503 and spends no token", async (t) => {
  await hooks(t, "export function proxyEntries( => {\n");
  const problems = hookProblems();
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /cannot be loaded/);
  const health = await provision(server.url, "/health");
  assert.equal(health.json().status, "degraded");
  const { account, token } = pending();
  const res = await provision(server.url, `/provisioning/${token}`);
  assert.equal(res.status, 503);
  assert.match(res.json().message, /provisioning-hooks\.ts/);
  assert.equal(getAccount(server.app.db, account.id)!.provisioning_token, token);
  // Fixed: the next load clears the problem and provisioning works again.
  writeFileSync(join(server.configDir, FILE), EXAMPLE);
  await server.app.provisioningHooks.load();
  assert.deepEqual(hookProblems(), []);
  assertXml(await provision(server.url, `/provisioning/${token}`));
});

test("a hook that throws is a config problem; the request is 503 and the token stays unspent", async (t) => {
  await hooks(t, `export function authInfoEntries() { throw new Error("no LDAP today"); }\n`);
  const { account, token } = pending();
  const res = await provision(server.url, `/provisioning/${token}`);
  assert.equal(res.status, 503);
  assert.match(hookProblems()[0].message, /authInfoEntries\(\) failed: no LDAP today/);
  const after = getAccount(server.app.db, account.id)!;
  assert.equal(after.provisioning_token, token);
  assert.equal(after.activated, 0);
});

test("a hook must answer entries synchronously: a promise or a list is refused", async (t) => {
  await hooks(t, `export async function proxyEntries() { return { a: 1 }; }\n`);
  const key = seedApiKey(server.app.db, seedAccount(server.app.db, { username: `gina${++n}`, domain: DOMAIN }));
  assert.equal((await provision(server.url, "/provisioning/me", { "x-api-key": key })).status, 503);
  assert.match(hookProblems()[0].message, /synchronously/);
  writeFileSync(join(server.configDir, FILE), `export function extraSections() { return { app: [1, 2] }; }\n`);
  await server.app.provisioningHooks.load();
  assert.equal((await provision(server.url, "/provisioning")).status, 503);
});

test("a file that exports none of the hooks (a misspelt name) is reported", async (t) => {
  await hooks(t, `export function proxyEntry() { return {}; }\n`);
  assert.match(hookProblems()[0]?.message ?? "", /exports none of the hooks \(proxyEntries, authInfoEntries, extraSections\)/);
});

test("a broken version after a good one keeps the good one in use, with the problem shown", async (t) => {
  await hooks(t, EXAMPLE);
  writeFileSync(join(server.configDir, FILE), "export const proxyEntries = 42;\n");
  await server.app.provisioningHooks.load();
  assert.match(hookProblems()[0].message, /must be a function/);
  assert.deepEqual(values(assertXml(await provision(server.url, "/provisioning")), "app"), { greeting: "Hello" });
});

test("a config reload reloads the hooks file", async (t) => {
  await hooks(t, `export function extraSections() { return { app: { v: 1 } }; }\n`);
  writeFileSync(join(server.configDir, FILE), `export function extraSections() { return { app: { v: 2 } }; }\n`);
  server.app.store.reload();
  await server.app.provisioningHooks.load(); // waits for the load the reload started
  assert.deepEqual(values(assertXml(await provision(server.url, "/provisioning")), "app"), { v: "2" });
});
