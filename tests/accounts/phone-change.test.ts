// Setting an account's phone number by a 4-digit code sent by SMS, as FlexiAPI's ApiAccountPhoneChangeTest asserts
// it (1.3.10: testRequest, testConfirmLongCode, testConfirmGoodCode; 1.5: testUnvalidatedAccount, who sees the code),
// with the SMS really sent: to a fake gateway webhook (the rendered body checked) or through a command that records
// its argv. A wrong code drops the pending one (403), as 1.3.10 and the issue say.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { getAccount } from "../../db/accounts.ts";
import { pendingChangeCode } from "../../db/change-codes.ts";
import { startSmsWebhook, type SmsWebhook } from "../fakes/sms-webhook.ts";
import { seedAdmin, seedCaller, unique, type Caller } from "./callers.ts";
import { configFor, giveSpentCreationToken, NAME, startConfirmationEnv, type ConfirmationEnv } from "./confirmation-setup.ts";

const RECORDER = fileURLToPath(new URL("../fakes/record-argv.mjs", import.meta.url));
let env: ConfirmationEnv;
let hook: SmsWebhook;
let admin: Caller;
let dir: string;
let n = 0;

const webhookConfig = () => `sms:
  webhook:
    url: "${hook.url}/messages"
    headers: {Authorization: "Bearer gateway-key"}
    content_type: application/json
    body: '{"to": "{phone}", "text": "{message}"}'
`;

before(async () => {
  hook = await startSmsWebhook();
  env = await startConfirmationEnv();
  env.defaults.extra = webhookConfig();
  env.server.writeConfig("switchboard.yml", env.config());
  admin = seedAdmin(env.server);
  dir = mkdtempSync(join(tmpdir(), "phone-change-"));
});
after(async () => {
  await env.close();
  await hook.close();
  rmSync(dir, { recursive: true, force: true });
});

function validated(o: Parameters<typeof seedCaller>[1] = {}): Caller {
  const caller = seedCaller(env.server, o);
  giveSpentCreationToken(env, caller.account);
  return caller;
}

/** A phone number no other test uses. */
const newPhone = () => `+336${String(10_000_000 + ++n * 7919).slice(-8)}`;
const request = (c: Caller, phone: unknown) => c.as("POST", "/api/accounts/me/phone/request", { phone });
const confirm = (c: Caller, code: unknown) => c.as("POST", "/api/accounts/me/phone", { code });
const codeOfSms = (text: string) => /code is (\d{4})/.exec(text)?.[1] ?? "";

/** Asks for the number and returns the code the gateway was given. */
async function codeFor(c: Caller, phone: string): Promise<string> {
  const before = hook.received.length;
  const res = await request(c, phone);
  assert.equal(res.status, 200, res.body);
  assert.equal(hook.received.length, before + 1);
  const sent = JSON.parse(hook.received.at(-1)!.body);
  assert.equal(sent.to, phone);
  return codeOfSms(sent.text);
}

test("testRequest: 'blabla' is 422; a number gets its code by SMS, through the webhook's rendered body and headers", async () => {
  const caller = validated();
  assert.equal((await request(caller, "blabla")).status, 422);
  const phone = newPhone();
  const code = await codeFor(caller, phone);
  const req = hook.received.at(-1)!;
  assert.equal(req.method, "POST");
  assert.equal(req.url, "/messages");
  assert.equal(req.headers.authorization, "Bearer gateway-key");
  assert.equal(req.headers["content-type"], "application/json");
  assert.deepEqual(JSON.parse(req.body), { to: phone, text: `Your ${NAME} code is ${code} (valid 15 minutes).` });
});

test("a number with spaces, without a leading +, or already some account's number or username is 422 on phone", async () => {
  const caller = validated();
  const taken = newPhone();
  seedCaller(env.server, { phone: taken });
  const asName = newPhone();
  seedCaller(env.server, { username: asName });
  for (const phone of ["+33 6 12 34 56 78", "0612345678", taken, asName]) {
    const res = await request(caller, phone);
    assert.equal(res.status, 422, phone);
    assert.deepEqual(Object.keys(res.json().errors), ["phone"]);
  }
  assert.deepEqual((await request(caller, "+33 6 12")).json().errors, { phone: ["The phone contains spaces"] });
});

test("testUnvalidatedAccount: an account without a spent creation token may not ask (403), whatever it sends", async () => {
  const before = hook.received.length;
  const res = await request(seedCaller(env.server), "blabla");
  assert.equal(res.status, 403);
  assert.equal(res.json().message, "Account unvalidated");
  assert.equal(hook.received.length, before);
});

test("testConfirmLongCode: a code that is not 4 digits is 422", async () => {
  const caller = validated();
  await codeFor(caller, newPhone());
  assert.equal((await confirm(caller, "wrong")).status, 422);
  assert.equal((await confirm(caller, "12345")).status, 422);
});

test("testConfirmGoodCode: admins see the code, the account does not; the code sets the phone and activates", async () => {
  const caller = validated({ activated: 0 });
  const phone = newPhone();
  const code = await codeFor(caller, phone);
  const me = (await caller.as("GET", "/api/accounts/me")).json();
  assert.equal(me.phone, null);
  assert.equal(me.phone_change_code, undefined, "the account's own view has no phone change (FlexiAPI 1.5)");
  const seenByAdmin = (await admin.as("GET", `/api/accounts/${caller.account.id}`)).json();
  assert.deepEqual({ phone: seenByAdmin.phone_change_code.phone, code: seenByAdmin.phone_change_code.code }, { phone, code });
  // Accounts are listed by id, 20 a page.
  const page = (await admin.as("GET", `/api/accounts?page=${Math.ceil(caller.account.id / 20)}`)).json();
  const listed = page.data.find((a: { id: number }) => a.id === caller.account.id);
  assert.deepEqual(listed.phone_change_code.phone, phone);
  assert.equal(listed.phone_change_code.code, undefined, "the list shows the change without its code");

  const res = await confirm(caller, code);
  assert.equal(res.status, 200, res.body);
  assert.equal(res.json().phone, phone);
  assert.equal(res.json().activated, true);
  assert.equal((await caller.as("GET", "/api/accounts/me")).json().phone, phone);
  assert.equal((await admin.as("GET", `/api/accounts/${caller.account.id}`)).json().phone_change_code, null);
});

test("a wrong code is 403 and drops the pending code: the right one is then 404", async () => {
  const caller = validated();
  const code = await codeFor(caller, newPhone());
  const wrong = String((Number(code) + 1) % 10000).padStart(4, "0");
  assert.equal((await confirm(caller, wrong)).status, 403);
  assert.equal(pendingChangeCode(env.server.app.db, "phone", caller.account.id), undefined);
  assert.equal((await confirm(caller, code)).status, 404);
  assert.equal(getAccount(env.server.app.db, caller.account.id)!.phone, null);
});

test("a gateway answering 500 is a 503, and nothing is pending", async (t) => {
  hook.answer = 500;
  t.after(() => (hook.answer = 200));
  const caller = validated();
  const res = await request(caller, newPhone());
  assert.equal(res.status, 503);
  assert.match(res.json().message, /SMS could not be sent/);
  assert.equal(pendingChangeCode(env.server.app.db, "phone", caller.account.id), undefined);
});

test("without an SMS sender configured the request is 503 and nothing is pending", async (t) => {
  configFor(env, t, env.config({ extra: "" }));
  const caller = validated();
  const res = await request(caller, newPhone());
  assert.equal(res.status, 503);
  assert.match(res.json().message, /sms\.webhook or sms\.command/);
  assert.equal(pendingChangeCode(env.server.app.db, "phone", caller.account.id), undefined);
});

test("with sms.command the code goes out as the command's arguments (no shell), and it confirms the number", async (t) => {
  const out = join(dir, `${unique("argv")}.json`);
  configFor(env, t, env.config({ extra: `sms:\n  command: ${JSON.stringify([process.execPath, RECORDER, out, "0", "--to={phone}", "{message}"])}\n` }));
  const caller = validated();
  const phone = newPhone();
  assert.equal((await request(caller, phone)).status, 200);
  const { argv, sms } = JSON.parse(readFileSync(out, "utf8"));
  assert.equal(argv[0], `--to=${phone}`);
  assert.match(argv[1], /^Your Office PBX code is \d{4} \(valid 15 minutes\)\.$/);
  assert.deepEqual(sms, { SMS_PHONE: phone, SMS_MESSAGE: argv[1] });
  const res = await confirm(caller, codeOfSms(argv[1]));
  assert.equal(res.status, 200, res.body);
  assert.equal(res.json().phone, phone);
});

test("the email and phone request intervals are separate: a code by mail does not hold back one by SMS", async () => {
  const caller = validated();
  assert.equal((await caller.as("POST", "/api/accounts/me/email/request", { email: `${unique("both")}@example.com` })).status, 200);
  await env.sink.nextMail();
  await codeFor(caller, newPhone());
  assert.equal((await request(caller, newPhone())).status, 429, "but a second SMS is");
});
