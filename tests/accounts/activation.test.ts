// Activation by confirmation key as FlexiAPI 1.3.10's ApiAccountTest::testActivateEmail and testActivatePhone
// assert it (an expired key is 403, the right key activates and is cleared), plus the legacy `code` field and the
// limit on wrong keys.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { getAccount, type Account } from "../../db/accounts.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call, seedAccount } from "../helpers/sip-api.ts";

const DOMAIN = "sip.example.com";
let server: TestServer;
let n = 0;

before(async () => {
  server = await startTestServer({ "switchboard.yml": `accounts:\n  sip_domain: ${DOMAIN}\n` });
});
after(() => server.close());

const EXPIRED = "2000-01-01 00:00:00";

/** An account that waits for activation with this key (and, optionally, an expiry of it). */
const pending = (confirmation_key: string, confirmation_key_expires: string | null = null): Account =>
  seedAccount(server.app.db, { username: `user${++n}`, domain: DOMAIN, activated: 0, confirmation_key, confirmation_key_expires });

const sipOf = (a: Account) => `${a.username}@${a.domain}`;
const activate = (sip: string, channel: "email" | "phone", body: unknown) => call(server.url, "POST", `/api/accounts/${sip}/activate/${channel}`, { body });
const info = async (a: Account) => (await call(server.url, "GET", `/api/accounts/${sipOf(a)}/info`)).json().activated;

/** Lifts the expiry, as the FlexiAPI test deletes its ActivationExpiration. */
const unexpire = (a: Account) => server.app.db.prepare("UPDATE accounts SET confirmation_key_expires = NULL WHERE id = ?").run(a.id);

test("an unknown SIP address cannot be activated by email (404)", async () => {
  assert.equal((await activate("blabla", "email", { confirmation_key: "0123456789abc" })).status, 404);
});

test("an email key that is not 13 characters long is refused (422) before any lookup", async () => {
  const a = pending("0123456789abc");
  const res = await activate(sipOf(a), "email", { confirmation_key: "0123456789abclonger" });
  assert.equal(res.status, 422);
  assert.deepEqual(Object.keys(res.json().errors), ["confirmation_key"]);
  assert.equal((await activate(sipOf(a), "email", {})).status, 422, "the key is required");
});

test("a wrong email key is 404 and activates nothing", async () => {
  const a = pending("0123456789abc");
  assert.equal((await activate(sipOf(a), "email", { confirmation_key: "X123456789abc" })).status, 404);
  assert.equal(await info(a), false);
});

test("an expired email key is 403; once the expiry is lifted the key activates the account (200)", async () => {
  const a = pending("0123456789abc", EXPIRED);
  assert.equal(await info(a), false);
  const expired = await activate(sipOf(a), "email", { confirmation_key: "0123456789abc" });
  assert.equal(expired.status, 403);
  assert.equal(expired.json().message, "Activation expired");
  unexpire(a);
  const res = await activate(sipOf(a), "email", { confirmation_key: "0123456789abc" });
  assert.equal(res.status, 200, res.body);
  assert.equal(res.json().activated, true);
  assert.equal(await info(a), true);
});

test("an email key not yet expired activates the account, and the key is cleared so it works only once", async () => {
  const a = pending("abcdefghijklm", "2999-01-01 00:00:00");
  assert.equal((await activate(sipOf(a), "email", { confirmation_key: "abcdefghijklm" })).status, 200);
  assert.equal(getAccount(server.app.db, a.id)!.confirmation_key, null);
  assert.equal((await activate(sipOf(a), "email", { confirmation_key: "abcdefghijklm" })).status, 404);
});

test("an expired phone key is 403; once the expiry is lifted it activates the account (200)", async () => {
  const a = pending("0123", EXPIRED);
  assert.equal(await info(a), false);
  assert.equal((await activate(sipOf(a), "phone", { confirmation_key: "0123" })).status, 403);
  unexpire(a);
  assert.equal((await activate(sipOf(a), "phone", { confirmation_key: "0123" })).status, 200);
  assert.equal(getAccount(server.app.db, a.id)!.activated, 1);
});

test("a phone key must be 4 digits (422)", async () => {
  const a = pending("0123");
  for (const key of ["123", "01234", "abcd"]) assert.equal((await activate(sipOf(a), "phone", { confirmation_key: key })).status, 422, key);
});

test("older clients send the key as code, for email and phone", async () => {
  const byEmail = pending("codecodecode1");
  assert.equal((await activate(sipOf(byEmail), "email", { code: "codecodecode1" })).status, 200);
  const byPhone = pending("4321");
  assert.equal((await activate(sipOf(byPhone), "phone", { code: "4321" })).status, 200);
});

test("after 10 wrong phone keys for an address, even the right key is refused for a while (429)", async () => {
  const a = pending("5555");
  for (let i = 0; i < 11; i++) assert.equal((await activate(sipOf(a), "phone", { confirmation_key: String(1000 + i) })).status, 404);
  const res = await activate(sipOf(a), "phone", { confirmation_key: "5555" });
  assert.equal(res.status, 429);
  assert.ok(Number(res.headers.get("retry-after")?.[0]) > 0);
  assert.equal(await info(a), false);
});
