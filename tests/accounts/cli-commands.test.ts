// The account console commands that clean up and make admins, as FlexiAPI 1.3.10's console commands behave
// (app/Console/Commands: ClearApiKeys, ClearNonces, RemoveUnconfirmedAccounts, ClearOldAccountsTombstones,
// SetAccountAdmin, 1.4's CreateAdminAccount), each against its own temporary database.
import assert from "node:assert/strict";
import { test } from "node:test";
import { deleteAccount, findAccount, getAccount, passwordsOf, usernameTaken } from "../../db/accounts.ts";
import { apiKeyOf, markApiKeyUsed } from "../../db/api-keys.ts";
import { addNonce } from "../../db/digest-nonces.ts";
import { startTestServer } from "../helpers/server.ts";
import { call, DigestClient, seedAccount, seedApiKey } from "../helpers/sip-api.ts";
import { backdate, DAY_MINUTES, DOMAIN, minutesAgoIso, runCommand, sandbox, SETTINGS, usageOf } from "./cli-helpers.ts";

test("accounts:clear-api-keys deletes keys unused for the given minutes, by default api_key_expiration_minutes", async (t) => {
  const s = sandbox(t, "  api_key_expiration_minutes: 120\n");
  const old = seedAccount(s.db, { username: "old" });
  const recent = seedAccount(s.db, { username: "recent" });
  seedApiKey(s.db, old);
  seedApiKey(s.db, recent);
  markApiKeyUsed(s.db, old.id, minutesAgoIso(90));
  markApiKeyUsed(s.db, recent.id, minutesAgoIso(30));

  const byDefault = await s.run("accounts:clear-api-keys");
  assert.equal(byDefault.code, 0);
  assert.equal(byDefault.out, "Deleting the API keys unused for 120 minutes\n0 API keys deleted");

  assert.match((await s.run("accounts:clear-api-keys", "60")).out, /^1 API keys deleted$/m);
  assert.equal(apiKeyOf(s.db, old.id), undefined);
  assert.ok(apiKeyOf(s.db, recent.id), "a key used since is kept");

  s.writeSettings(SETTINGS + "  api_key_expiration_minutes: 20\n");
  assert.match((await s.run("accounts:clear-api-keys")).out, /unused for 20 minutes\n1 API keys deleted/);
  assert.equal(apiKeyOf(s.db, recent.id), undefined);
});

test("digest:clear-nonces deletes the nonces handed out longer ago than the given minutes", async (t) => {
  const s = sandbox(t);
  const a = seedAccount(s.db, { username: "nonces" });
  for (const [nonce, age] of [["old", 120], ["new", 10]] as const) {
    addNonce(s.db, a.id, nonce);
    backdate(s.db, "digest_nonces", "nonce", nonce, age);
  }
  const res = await s.run("digest:clear-nonces", "60");
  assert.equal(res.code, 0);
  assert.equal(res.out, "1 expired nonces deleted");
  assert.deepEqual(s.db.prepare("SELECT nonce FROM digest_nonces").pluck().all(), ["new"]);
});

test("accounts:clear-unconfirmed only counts without --apply, deletes with it, and takes activated ones with --and-confirmed", async (t) => {
  const s = sandbox(t);
  const oldPending = seedAccount(s.db, { username: "old-pending", activated: 0 });
  const oldActive = seedAccount(s.db, { username: "old-active", activated: 1 });
  const newPending = seedAccount(s.db, { username: "new-pending", activated: 0 });
  for (const a of [oldPending, oldActive]) backdate(s.db, "accounts", "id", a.id, 31 * DAY_MINUTES);
  backdate(s.db, "accounts", "id", newPending.id, 29 * DAY_MINUTES);

  const dry = await s.run("accounts:clear-unconfirmed", "30");
  assert.equal(dry.code, 0);
  assert.match(dry.out, /^1 accounts to delete/);
  assert.ok(getAccount(s.db, oldPending.id), "a dry run deletes nothing");
  assert.match((await s.run("accounts:clear-unconfirmed", "30", "--and-confirmed")).out, /^2 accounts to delete/);

  assert.equal((await s.run("accounts:clear-unconfirmed", "30", "--apply")).out, "1 accounts deleted");
  assert.equal(getAccount(s.db, oldPending.id), undefined);
  assert.equal(usernameTaken(s.db, "old-pending", oldPending.domain), false, "no tombstone: the name is free again");
  assert.ok(getAccount(s.db, oldActive.id), "activated accounts stay without --and-confirmed");
  assert.ok(getAccount(s.db, newPending.id), "younger accounts stay");

  assert.equal((await s.run("accounts:clear-unconfirmed", "--apply", "--and-confirmed", "30")).out, "1 accounts deleted");
  assert.equal(getAccount(s.db, oldActive.id), undefined);
  assert.ok(getAccount(s.db, newPending.id));
});

test("accounts:clear-accounts-tombstones only counts without --apply and frees old names with it", async (t) => {
  const s = sandbox(t);
  for (const [username, days] of [["gone-long-ago", 8], ["gone-lately", 6]] as const) {
    deleteAccount(s.db, seedAccount(s.db, { username }), true);
    backdate(s.db, "accounts_tombstones", "username", username, days * DAY_MINUTES);
  }
  const dry = await s.run("accounts:clear-accounts-tombstones", "7");
  assert.equal(dry.code, 0);
  assert.match(dry.out, /^1 tombstones to delete/);
  assert.ok(usernameTaken(s.db, "gone-long-ago", DOMAIN), "a dry run deletes nothing");

  assert.equal((await s.run("accounts:clear-accounts-tombstones", "7", "--apply")).out, "1 tombstones deleted");
  assert.equal(usernameTaken(s.db, "gone-long-ago", DOMAIN), false);
  assert.ok(usernameTaken(s.db, "gone-lately", DOMAIN));
});

test("accounts:set-admin gives the account the admin role; an unknown id exits 1", async (t) => {
  const s = sandbox(t);
  const a = seedAccount(s.db, { username: "promoted" });
  const res = await s.run("accounts:set-admin", String(a.id));
  assert.equal(res.code, 0);
  assert.equal(res.out, `Account promoted@${DOMAIN} is now admin`);
  assert.equal(getAccount(s.db, a.id)!.admin, 1);

  const missing = await s.run("accounts:set-admin", String(a.id + 100));
  assert.equal(missing.code, 1);
  assert.match(missing.out, /no account with the id/);
});

test("bad arguments print the command's usage and exit 2", async (t) => {
  const s = sandbox(t);
  const cases: string[][] = [
    ["accounts:clear-api-keys", "soon"],
    ["accounts:clear-api-keys", "60", "70"],
    ["digest:clear-nonces"],
    ["digest:clear-nonces", "-5"],
    ["accounts:clear-unconfirmed"],
    ["accounts:clear-unconfirmed", "1.5", "--apply"],
    ["accounts:clear-unconfirmed", "30", "--force"],
    ["accounts:clear-accounts-tombstones", "seven"],
    ["accounts:clear-accounts-tombstones", "7", "--apply=yes"],
    ["accounts:set-admin"],
    ["accounts:set-admin", "sip:someone@example.com"],
    ["accounts:create-admin-account", "-u"],
    ["accounts:create-admin-account", "admin"],
    ["accounts:create-admin-account", "--email", "a@example.com"],
    ["accounts:seed"],
  ];
  for (const argv of cases) {
    const res = await s.run(...argv);
    assert.equal(res.code, 2, argv.join(" "));
    assert.match(res.out, usageOf(argv[0]), argv.join(" "));
  }
  assert.equal(s.db.prepare("SELECT count(*) FROM accounts").pluck().get(), 0, "nothing was created");
});

test("accounts:create-admin-account makes an activated admin whose password and printed API key sign in", async (t) => {
  const server = await startTestServer({ "switchboard.yml": SETTINGS });
  t.after(() => server.close());
  const res = await runCommand(server, "accounts:create-admin-account", "-u", "boss", "--password", "s3cret-pass", "-d", "other.example.org");
  assert.equal(res.code, 0, res.out);
  const printed = /^Admin account created: "boss@other\.example\.org" \| Password: "s3cret-pass" \| API Key: "([^"]+)"$/m.exec(res.out);
  assert.ok(printed, res.out);

  const account = findAccount(server.app.db, "boss", "other.example.org")!;
  assert.equal(account.activated, 1);
  assert.equal(account.admin, 1);
  assert.deepEqual(passwordsOf(server.app.db, account.id).map((p) => p.algorithm), ["SHA-256"]);
  const list = await call(server.url, "GET", "/api/accounts", { headers: { "x-api-key": printed[1] } });
  assert.equal(list.status, 200, "the key signs in as an admin");
  const me = await new DigestClient(server.url, account, "s3cret-pass", "SHA-256").request("GET", "/api/accounts/me");
  assert.equal(me.status, 200);
  assert.equal(me.json().admin, true);

  const again = await runCommand(server, "accounts:create-admin-account", "-u", "boss", "-p", "new-pass", "-d", "other.example.org");
  assert.equal(again.code, 0);
  assert.equal((await call(server.url, "GET", "/api/accounts", { headers: { "x-api-key": printed[1] } })).status, 401, "the replaced account's key is gone");
  const replaced = await new DigestClient(server.url, account, "new-pass", "SHA-256").request("GET", "/api/accounts/me");
  assert.equal(replaced.status, 200, "the account of that name was replaced");
});

test("accounts:create-admin-account without options: admin in sip_domain with a random password it prints", async (t) => {
  const s = sandbox(t);
  const res = await s.run("accounts:create-admin-account");
  assert.equal(res.code, 0, res.out);
  const printed = /"admin@sip\.example\.com" \| Password: "([0-9a-zA-Z]{16})" \| API Key: "[^"]{40}"/.exec(res.out);
  assert.ok(printed, res.out);
  assert.doesNotMatch(printed[1], /change_?me/);
  const account = findAccount(s.db, "admin", DOMAIN)!;
  assert.equal(account.admin, 1);
  assert.ok(apiKeyOf(s.db, account.id));
});

test("accounts:create-admin-account refuses what the API refuses and then keeps the account it would replace", async (t) => {
  const s = sandbox(t, "  blacklisted_usernames: [admin]\n");
  const existing = seedAccount(s.db, { username: "admin", domain: DOMAIN });
  const blacklisted = await s.run("accounts:create-admin-account", "-u", "admin", "-p", "pass");
  assert.equal(blacklisted.code, 1);
  assert.match(blacklisted.out, /Username already used/);
  assert.ok(getAccount(s.db, existing.id), "the replacement failed, so the old account is still there");
  assert.match((await s.run("accounts:create-admin-account", "-u", "Boss")).out, /No uppercase letters are allowed/);
  const badDomain = await s.run("accounts:create-admin-account", "-u", "boss", "-d", "not a domain");
  assert.equal(badDomain.code, 1);
  assert.match(badDomain.out, /domain/);
  assert.equal(findAccount(s.db, "boss", DOMAIN), undefined);
});
