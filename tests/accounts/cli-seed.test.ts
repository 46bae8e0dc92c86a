// accounts:seed with a liblinphone tester file, as FlexiAPI's RunAccountSeeder and LiblinphoneTesterAccoutSeeder
// read it: account entries and range entries, ids kept, range accounts with the clear password "secret".
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { findAccount, getAccount, passwordsOf } from "../../db/accounts.ts";
import { startTestServer } from "../helpers/server.ts";
import { DigestClient, seedAccount } from "../helpers/sip-api.ts";
import { runCommand, sandbox, SETTINGS, usageOf } from "./cli-helpers.ts";

const TESTER = "sip.example.org";
const SEED = [
  { type: "account", id: 7, username: "marie", domain: TESTER, passwords: [{ hash: "0123abcd", algorithm: "MD5" }, { hash: "4567ef01", algorithm: "SHA-256" }] },
  { type: "account", id: 8, username: "pauline", domain: TESTER, activated: false, confirmation_key: "KEY8", alias: { alias: "+33612345678", domain: TESTER } },
  { type: "range", id: "%id%", username: "user_%usernamePostfix%", domain: TESTER, iteration: 3, idStart: 49, usernameStart: 1 },
];

function seedFile(dir: string, json: unknown, name = "accounts.json"): string {
  const path = join(dir, name);
  writeFileSync(path, typeof json === "string" ? json : JSON.stringify(json));
  return path;
}

test("accounts:seed creates the account and range entries with their ids, passwords and flags", async (t) => {
  const s = sandbox(t);
  const res = await s.run("accounts:seed", seedFile(s.dir, SEED));
  assert.equal(res.code, 0, res.out);
  assert.equal(res.out, "Seeded 5 accounts");

  const marie = getAccount(s.db, 7)!;
  assert.deepEqual([marie.username, marie.domain, marie.activated, marie.email], ["marie", TESTER, 1, `marie@${TESTER}`]);
  assert.deepEqual(passwordsOf(s.db, 7), [{ algorithm: "MD5", hash: "0123abcd" }, { algorithm: "SHA-256", hash: "4567ef01" }], "hashes stored as given");
  const pauline = getAccount(s.db, 8)!;
  assert.deepEqual([pauline.activated, pauline.confirmation_key, pauline.phone], [0, "KEY8", "+33612345678"]);
  assert.deepEqual(passwordsOf(s.db, 8), [], "passwords are optional");
  for (const [i, id] of [49, 50, 51].entries()) {
    const a = getAccount(s.db, id)!;
    assert.equal(a.username, `user_${i + 1}`);
    assert.equal(a.activated, 1);
    assert.deepEqual(passwordsOf(s.db, id), [{ algorithm: "CLRTXT", hash: "secret" }]);
  }
});

test("seeding again replaces whatever holds the seed's ids", async (t) => {
  const s = sandbox(t);
  const squatter = seedAccount(s.db, { username: "squatter", domain: TESTER });
  const file = seedFile(s.dir, [{ type: "account", id: squatter.id, username: "marie", domain: TESTER }]);
  assert.equal((await s.run("accounts:seed", file)).code, 0);
  assert.equal(getAccount(s.db, squatter.id)!.username, "marie");
  assert.equal(findAccount(s.db, "squatter", TESTER), undefined);
  assert.equal((await s.run("accounts:seed", file)).code, 0, "seeding twice is fine");
  assert.equal(s.db.prepare("SELECT count(*) FROM accounts").pluck().get(), 1);
  assert.equal(s.db.prepare("SELECT count(*) FROM accounts_tombstones").pluck().get(), 0, "replaced without tombstones");
});

test("seeded range accounts sign in with Digest using the clear password secret", async (t) => {
  const server = await startTestServer({ "switchboard.yml": SETTINGS });
  t.after(() => server.close());
  const file = seedFile(server.configDir, [SEED[2]]);
  assert.equal((await runCommand(server, "accounts:seed", file)).code, 0);
  for (const algorithm of ["MD5", "SHA-256"] as const) {
    const me = await new DigestClient(server.url, { username: "user_2", domain: TESTER }, "secret", algorithm).request("GET", "/api/accounts/me");
    assert.equal(me.status, 200, algorithm);
    assert.equal(me.json().id, 50);
  }
});

test("a wrong seed file seeds nothing and names the wrong entries", async (t) => {
  const s = sandbox(t);
  const wrong = await s.run("accounts:seed", seedFile(s.dir, [
    SEED[0],
    { type: "acount", id: 9, username: "x", domain: TESTER },
    { type: "range", id: "%id%", username: "u_%usernamePostfix%", domain: TESTER, iteration: 2, idStart: -1, usernameStart: 1 },
    { type: "account", id: 10, username: "y", domain: TESTER, passwords: [{ hash: "h", algorithm: "SHA-1" }] },
  ]));
  assert.equal(wrong.code, 1);
  assert.match(wrong.out, /^3 of 4 entries are wrong; nothing was seeded\.$/m);
  assert.match(wrong.out, /^ {2}entry 2: type must be "account" or "range"/m);
  assert.match(wrong.out, /^ {2}entry 3: idStart must be a whole number$/m);
  assert.match(wrong.out, /^ {2}entry 4: each password needs a hash and an algorithm/m);
  assert.equal(getAccount(s.db, 7), undefined);

  const clash = await s.run("accounts:seed", seedFile(s.dir, [SEED[0], { ...SEED[0], id: 70 }]));
  assert.equal(clash.code, 1, "two entries for one name");
  assert.match(clash.out, /marie@sip\.example\.org/);
  assert.equal(getAccount(s.db, 7), undefined, "all or nothing");

  const malformed = await s.run("accounts:seed", seedFile(s.dir, "[{", "broken.json"));
  assert.equal(malformed.code, 1);
  assert.match(malformed.out, /is not valid JSON/);
  assert.match((await s.run("accounts:seed", join(s.dir, "nope.json"))).out, /There is no file/);
  const extra = await s.run("accounts:seed", "a.json", "b.json");
  assert.equal(extra.code, 2);
  assert.match(extra.out, usageOf("accounts:seed"));
});
