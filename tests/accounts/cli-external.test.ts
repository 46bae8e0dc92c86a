// Handing accounts to another server as external accounts, as FlexiAPI 1.3.10's GenerateExternalAccounts,
// ExportToExternalAccounts and ImportExternalAccounts commands do, each test with its own temporary databases.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { createAccountAsAdmin } from "../../core/accounts/manage.ts";
import { defaultAccountsSettings } from "../../core/config/accounts-settings.ts";
import { accountsOfGroup } from "../../db/account-groups.ts";
import { findAccount, passwordsOf } from "../../db/accounts.ts";
import { externalAccountOf } from "../../db/external-accounts.ts";
import { seedAccount } from "../helpers/sip-api.ts";
import { DOMAIN, sandbox, usageOf } from "./cli-helpers.ts";

const externals = (s: ReturnType<typeof sandbox>) =>
  s.db.prepare(`SELECT username, domain, "group", password, algorithm, used FROM external_accounts ORDER BY id`).all() as Record<string, unknown>[];

test("accounts:generate-external wants --new-group for a group that does not exist, then makes activated accounts in it", async (t) => {
  const s = sandbox(t);
  const refused = await s.run("accounts:generate-external", "3", "batch-a");
  assert.equal(refused.code, 1);
  assert.match(refused.out, /^Existing groups: none$/m);
  assert.match(refused.out, /--new-group/);
  assert.equal(accountsOfGroup(s.db, "batch-a").length, 0);

  const made = await s.run("accounts:generate-external", "3", "batch-a", "--new-group");
  assert.equal(made.code, 0, made.out);
  assert.equal(made.out, '3 accounts created in the group "batch-a"');
  const group = accountsOfGroup(s.db, "batch-a");
  assert.equal(group.length, 3);
  for (const g of group) {
    assert.match(g.username, /^[a-z0-9]{12}$/);
    assert.equal(g.domain, DOMAIN);
    assert.equal(g.algorithm, "SHA-256");
    const account = findAccount(s.db, g.username, g.domain)!;
    assert.equal(account.activated, 1);
    assert.equal(account.user_agent, "External Account Generator");
  }

  assert.equal((await s.run("accounts:generate-external", "2", "batch-a")).code, 0, "an existing group needs no flag");
  assert.equal(accountsOfGroup(s.db, "batch-a").length, 5);
  assert.match((await s.run("accounts:generate-external", "1", "batch-b")).out, /^Existing groups: batch-a$/m);
});

test("export then import: the other server's external accounts are the group's accounts with their password hashes", async (t) => {
  const here = sandbox(t);
  const there = sandbox(t);
  assert.equal((await here.run("accounts:generate-external", "2", "handover", "--new-group")).code, 0);
  seedAccount(here.db, { username: "not-in-the-group", password: "x" });
  const file = join(here.dir, "handover.json");

  const exported = await here.run("accounts:export-to-externals", "handover", "-o", file);
  assert.equal(exported.code, 0, exported.out);
  assert.equal(exported.out, `Exporting 2 accounts\nExported to ${file}`);
  assert.equal(statSync(file).mode & 0o077, 0, "password hashes are readable by the owner only");

  const imported = await there.run("accounts:import-externals", file);
  assert.equal(imported.code, 0, imported.out);
  assert.equal(imported.out, "2 accounts imported");
  const expected = accountsOfGroup(here.db, "handover").map((a) => {
    const [p] = passwordsOf(here.db, findAccount(here.db, a.username, a.domain)!.id);
    return { username: a.username, domain: DOMAIN, group: "handover", password: p.hash, algorithm: "SHA-256", used: 0 };
  });
  assert.deepEqual(externals(there), expected);

  const consuming = { ...defaultAccountsSettings(`http://${DOMAIN}`), consume_external_account_on_create: true };
  const newcomer = createAccountAsAdmin(there.db, consuming, { username: "newcomer", password: "pw", algorithm: "MD5" }, { ip: "127.0.0.1", userAgent: "test" });
  assert.equal(externalAccountOf(there.db, newcomer.id)?.username, expected[0].username, "a new account there takes an imported one");

  const again = await there.run("accounts:import-externals", file);
  assert.equal(again.code, 0);
  assert.equal(again.out, "0 accounts imported\n2 accounts already in the database");
  assert.equal(externals(there).length, 2);
  assert.equal(externals(there)[0].used, 1, "a second import leaves a handed-out account as it is");
});

test("accounts:export-to-externals writes exported_accounts.json where it was run; a group without accounts exits 1", async (t) => {
  const s = sandbox(t);
  await s.run("accounts:generate-external", "1", "solo", "--new-group");
  const caller = mkdtempSync(join(tmpdir(), "switchboard-caller-"));
  const before = process.env.INIT_CWD;
  process.env.INIT_CWD = caller;
  t.after(() => {
    if (before === undefined) delete process.env.INIT_CWD;
    else process.env.INIT_CWD = before;
    rmSync(caller, { recursive: true, force: true });
  });
  assert.equal((await s.run("accounts:export-to-externals", "solo")).code, 0);
  const written = JSON.parse(readFileSync(join(caller, "exported_accounts.json"), "utf8"));
  assert.deepEqual(Object.keys(written[0]), ["username", "domain", "group", "password", "algorithm"]);

  const empty = await s.run("accounts:export-to-externals", "nobody", "--output", join(caller, "empty.json"));
  assert.equal(empty.code, 1);
  assert.match(empty.out, /Nothing to export/);
  assert.equal(existsSync(join(caller, "empty.json")), false);
});

test("accounts:import-externals imports nothing from a file with a wrong entry, and exits 1 for a missing file", async (t) => {
  const s = sandbox(t);
  const file = join(s.dir, "wrong.json");
  writeFileSync(file, JSON.stringify([
    { username: "fine", domain: "other.example.org", group: "g", password: "abc", algorithm: "MD5" },
    { username: "broken", domain: "other.example.org", group: "g", password: "abc", algorithm: "SHA-512" },
  ]));
  const res = await s.run("accounts:import-externals", file);
  assert.equal(res.code, 1);
  assert.match(res.out, /^ {2}entry 2: algorithm must be one of MD5, SHA-256, CLRTXT$/m);
  assert.equal(externals(s).length, 0);

  writeFileSync(file, "[]");
  assert.match((await s.run("accounts:import-externals", file)).out, /Nothing to import/);
  const missing = await s.run("accounts:import-externals", join(s.dir, "missing.json"));
  assert.equal(missing.code, 1);
  assert.match(missing.out, /There is no file/);
});

test("bad arguments of the external-account commands print the usage and exit 2", async (t) => {
  const s = sandbox(t);
  const cases: string[][] = [
    ["accounts:generate-external", "3"],
    ["accounts:generate-external", "many", "g", "--new-group"],
    ["accounts:generate-external", "3", "Upper", "--new-group"],
    ["accounts:generate-external", "3", "with space", "--new-group"],
    ["accounts:generate-external", "100001", "g", "--new-group"],
    ["accounts:export-to-externals"],
    ["accounts:export-to-externals", "g", "-o"],
    ["accounts:import-externals"],
    ["accounts:import-externals", "a.json", "b.json"],
  ];
  for (const argv of cases) {
    const res = await s.run(...argv);
    assert.equal(res.code, 2, argv.join(" "));
    assert.match(res.out, usageOf(argv[0]), argv.join(" "));
  }
  assert.equal(s.db.prepare("SELECT count(*) FROM accounts").pluck().get(), 0);
});
