// Changing an account's email address by a 4-digit code, as FlexiAPI 1.5's ApiAccountEmailChangeTest asserts it
// (testRequest, testUnvalidatedAccount, testConfirmWrongCode, testConfirmGoodCode), against a real SMTP sink; plus
// what FlexiAPI leaves out: wrong codes, expiry, the request interval, blocking, and a mail server that is down.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AccountCleanupScheduler } from "../../core/accounts/cleanup-scheduler.ts";
import { getAccount } from "../../db/accounts.ts";
import { addChangeCode, pendingChangeCode } from "../../db/change-codes.ts";
import { closedPort } from "../fakes/smtp.ts";
import { seedAdmin, seedCaller, unique, type Caller } from "./callers.ts";
import { codeIn, configFor, giveSpentCreationToken, NAME, startConfirmationEnv, type ConfirmationEnv } from "./confirmation-setup.ts";

let env: ConfirmationEnv;
let admin: Caller;

before(async () => {
  env = await startConfirmationEnv();
  admin = seedAdmin(env.server);
});
after(() => env.close());

/** An account that came with a spent creation token (FlexiAPI's factory withConsumedAccountCreationToken). */
function validated(o: Parameters<typeof seedCaller>[1] = {}): Caller {
  const caller = seedCaller(env.server, o);
  giveSpentCreationToken(env, caller.account);
  return caller;
}

const newEmail = () => `${unique("changed")}@example.com`;
const request = (c: Caller, email: unknown) => c.as("POST", "/api/accounts/me/email/request", { email });
const confirm = (c: Caller, code: unknown) => c.as("POST", "/api/accounts/me/email", { code });

/** Asks for a change and returns the code the mail brought. */
async function codeFor(c: Caller, email: string): Promise<string> {
  const res = await request(c, email);
  assert.equal(res.status, 200, res.body);
  const mail = await env.sink.nextMail();
  assert.deepEqual(mail.envelopeTo, [email]);
  return codeIn(mail.text);
}

test("testRequest: 422 for a non-address, 200 for a new one (its code mailed there), 422 for the current one; /me shows the pending change", async () => {
  const caller = validated({ email: `${unique("current")}@example.com` });
  const email = newEmail();
  assert.equal((await request(caller, "blabla")).status, 422);
  assert.equal((await request(caller, undefined)).status, 422);
  const res = await request(caller, email);
  assert.equal(res.status, 200, res.body);
  const mail = await env.sink.nextMail();
  assert.deepEqual(mail.envelopeTo, [email]);
  assert.equal(mail.subject, `Your ${NAME} confirmation code: ${codeIn(mail.text)}`);
  assert.match(codeIn(mail.text), /^\d{4}$/);
  assert.ok(mail.text.includes(`sip:${caller.sip}`));
  const same = await request(caller, caller.account.email);
  assert.equal(same.status, 422);
  assert.deepEqual(same.json().errors, { email: ["The selected email is invalid."] });
  const me = (await caller.as("GET", "/api/accounts/me")).json();
  assert.equal(me.username, caller.account.username);
  assert.equal(me.email_change_code.email, email);
  assert.equal(me.email_change_code.code, undefined, "the account never sees its code");
});

test("testRequest: with accounts.email_unique, an address another account has is 422 on email", async (t) => {
  configFor(env, t, env.config({ accounts: "  email_unique: true\n" }));
  const other = seedCaller(env.server, { email: `${unique("taken")}@example.com` });
  const res = await request(validated(), other.account.email);
  assert.equal(res.status, 422);
  assert.deepEqual(Object.keys(res.json().errors), ["email"]);
});

test("testUnvalidatedAccount: an account without a spent creation token may not ask (403)", async () => {
  const before = env.sink.mails.length;
  const res = await request(seedCaller(env.server), newEmail());
  assert.equal(res.status, 403);
  assert.equal(res.json().message, "Account unvalidated");
  assert.equal(env.sink.mails.length, before);
});

test("testConfirmWrongCode: a code that is not 4 digits is 422", async () => {
  const caller = validated();
  await codeFor(caller, newEmail());
  const res = await confirm(caller, "wrong");
  assert.equal(res.status, 422);
  assert.deepEqual(res.json().errors, { code: ["The code must be 4 digits."] });
});

test("testConfirmGoodCode: admins see the code, the account does not; the code sets the email, activates, and is gone", async () => {
  const caller = validated({ activated: 0 });
  const email = newEmail();
  const code = await codeFor(caller, email);
  assert.equal((await caller.as("GET", "/api/accounts/me")).json().email, null);
  const seenByAdmin = (await admin.as("GET", `/api/accounts/${caller.account.id}`)).json();
  assert.equal(seenByAdmin.email_change_code.code, code);
  assert.equal(seenByAdmin.email_change_code.email, email);
  assert.equal(seenByAdmin.phone_change_code, null);
  assert.equal((await caller.as("GET", "/api/accounts/me")).json().email_change_code.code, undefined);

  const res = await confirm(caller, code);
  assert.equal(res.status, 200, res.body);
  assert.equal(res.json().email, email);
  assert.equal(res.json().activated, true);
  assert.equal((await caller.as("GET", "/api/accounts/me")).json().email, email);
  assert.equal((await admin.as("GET", `/api/accounts/${caller.account.id}`)).json().email_change_code, null, "the code is gone");
  assert.equal((await confirm(caller, code)).status, 404, "and cannot be used twice");
});

test("a wrong 4-digit code is 403; after confirmation.wrong_codes_allowed of them the pending change is dropped", async (t) => {
  configFor(env, t, env.config({ extra: "confirmation:\n  wrong_codes_allowed: 3\n" }));
  const caller = validated();
  const code = await codeFor(caller, newEmail());
  const wrong = String((Number(code) + 1) % 10000).padStart(4, "0");
  for (let i = 0; i < 2; i++) {
    const res = await confirm(caller, wrong);
    assert.equal(res.status, 403);
    assert.equal(res.json().message, "Wrong code");
  }
  assert.ok(pendingChangeCode(env.server.app.db, "email", caller.account.id), "still pending after 2");
  assert.equal((await confirm(caller, wrong)).status, 403);
  assert.equal(pendingChangeCode(env.server.app.db, "email", caller.account.id), undefined);
  assert.equal((await confirm(caller, code)).status, 404, "the right code comes too late");
  assert.equal(getAccount(env.server.app.db, caller.account.id)!.email, null);
});

test("an expired code is 403 and dropped; an expired change is not shown as pending", async () => {
  const caller = validated();
  const past = new Date(Date.now() - 3_600_000).toISOString();
  addChangeCode(env.server.app.db, "email", { accountId: caller.account.id, address: newEmail(), code: "4321", ip: null, userAgent: null, createdAt: past, expiresAt: past });
  assert.equal((await caller.as("GET", "/api/accounts/me")).json().email_change_code, null);
  const res = await confirm(caller, "4321");
  assert.equal(res.status, 403);
  assert.match(res.json().message, /expired/);
  assert.equal((await confirm(caller, "4321")).status, 404);
});

test("without a pending change a code is 404", async () => {
  assert.equal((await confirm(validated(), "1234")).status, 404);
});

test("a second request within confirmation.request_interval_seconds is 429 with Retry-After, and mails nothing", async () => {
  const caller = validated();
  await codeFor(caller, newEmail());
  const before = env.sink.mails.length;
  const res = await request(caller, newEmail());
  assert.equal(res.status, 429);
  const retry = Number(res.headers.get("retry-after")?.[0]);
  assert.ok(retry > 0 && retry <= 60, `Retry-After ${retry}`);
  assert.equal(env.sink.mails.length, before);
});

test("a newer request replaces the pending one: only the newest code works", async (t) => {
  configFor(env, t, env.config({ extra: "confirmation:\n  request_interval_seconds: 0\n" }));
  const caller = validated();
  const first = await codeFor(caller, newEmail());
  const second = newEmail();
  const code = await codeFor(caller, second);
  if (first !== code) assert.equal((await confirm(caller, first)).status, 403);
  const res = await confirm(caller, code);
  assert.equal(res.status, 200, res.body);
  assert.equal(res.json().email, second);
});

test("with the SMTP server down the request is 503, nothing is pending, and the next request is not held back", async (t) => {
  configFor(env, t, env.config({ smtpPort: await closedPort() }));
  const caller = validated();
  const res = await request(caller, newEmail());
  assert.equal(res.status, 503);
  assert.equal(pendingChangeCode(env.server.app.db, "email", caller.account.id), undefined);
  env.server.writeConfig("switchboard.yml", env.config());
  await codeFor(caller, newEmail());
});

test("FlexiAPI's blocking: asking again after blocking_max_requests within the period blocks the account (403)", async (t) => {
  configFor(env, t, env.config({ extra: "confirmation:\n  request_interval_seconds: 0\n  blocking_max_requests: 3\n" }));
  const caller = validated();
  for (let i = 0; i < 3; i++) await codeFor(caller, newEmail());
  const res = await request(caller, newEmail());
  assert.equal(res.status, 403);
  assert.equal(res.json().message, "Account blocked");
  assert.equal(getAccount(env.server.app.db, caller.account.id)!.blocked, 1);
  assert.equal((await caller.as("GET", "/api/accounts/me")).status, 403, "a blocked account cannot sign in until an admin unblocks it");
});

test("the clean-up timer deletes change requests older than a day (they no longer count towards blocking)", () => {
  const caller = validated();
  const db = env.server.app.db;
  const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
  addChangeCode(db, "email", { accountId: caller.account.id, address: newEmail(), code: null as unknown as string, ip: null, userAgent: null, createdAt: at(25), expiresAt: at(25) });
  addChangeCode(db, "email", { accountId: caller.account.id, address: newEmail(), code: "1111", ip: null, userAgent: null, createdAt: at(1), expiresAt: at(0.5) });
  assert.ok(new AccountCleanupScheduler(db, env.server.app.store).tick().changeCodes >= 1);
  assert.equal(db.prepare("SELECT count(*) FROM email_change_codes WHERE account_id = ?").pluck().get(caller.account.id), 1);
});
