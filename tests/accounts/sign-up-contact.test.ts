// Sign-up asks for what the server's confirmation uses (core/accounts/sign-up.ts SignUpContact): the email address
// when a mail server is configured, else the phone number when an SMS sender is (its 4-digit key sent by SMS and
// taken by /activate/phone), else neither is required. The page shows that field; the API requires it (422 on it).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { findAccount } from "../../db/accounts.ts";
import { addCreationToken } from "../../db/account-creation-tokens.ts";
import { startSmsWebhook, type SmsWebhook } from "../fakes/sms-webhook.ts";
import { startSmtpSink, type SmtpSink } from "../fakes/smtp.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call } from "../helpers/sip-api.ts";
import { DOMAIN, unique } from "./callers.ts";

let server: TestServer;
let sink: SmtpSink;
let hook: SmsWebhook;
const base = `accounts:\n  sip_domain: ${DOMAIN}\n  public_registration: true\n`;
const withMail = () => `${base}mail:\n  smtp: {host: 127.0.0.1, port: ${sink.port}}\n  from: "PBX <noreply@pbx.example.com>"\n`;
const withSms = () => `${base}sms:\n  webhook:\n    url: "${hook.url}/sms"\n    body: '{"to": "{phone}", "text": "{message}"}'\n`;

before(async () => {
  sink = await startSmtpSink();
  hook = await startSmsWebhook();
  server = await startTestServer({ "switchboard.yml": base });
});
after(async () => {
  await server.close();
  await sink.close();
  await hook.close();
});

const token = () => addCreationToken(server.app.db, `t${String(unique("")).padStart(12, "0")}`, { ip: null, userAgent: null }).token;
const signUp = (extra: Record<string, unknown>) =>
  call(server.url, "POST", "/api/accounts/with-account-creation-token", { body: { username: unique("new"), password: "pass-word-1", algorithm: "SHA-256", account_creation_token: token(), ...extra } });

test("with a mail server the page asks for the email address, and a sign-up without one is 422 on email", async (t) => {
  server.writeConfig("switchboard.yml", withMail());
  t.after(() => server.writeConfig("switchboard.yml", base));
  const page = (await server.get("/account/sign-up")).body;
  assert.match(page, /<input name="email"[^>]* required>/);
  assert.doesNotMatch(page, /name="phone"/);
  const res = await signUp({});
  assert.equal(res.status, 422, res.body);
  assert.deepEqual(Object.keys(res.json().errors), ["email"]);
});

test("with only an SMS sender the page asks for the phone number; its SMS code activates the account", async (t) => {
  server.writeConfig("switchboard.yml", withSms());
  t.after(() => server.writeConfig("switchboard.yml", base));
  const page = (await server.get("/account/sign-up")).body;
  assert.match(page, /<input name="phone"[^>]* required>/);
  assert.doesNotMatch(page, /name="email"/);
  const missing = await signUp({});
  assert.equal(missing.status, 422);
  assert.deepEqual(Object.keys(missing.json().errors), ["phone"]);
  assert.deepEqual(Object.keys((await signUp({ phone: "030 123" })).json().errors), ["phone"]);
  const username = unique("sms");
  const res = await signUp({ username, phone: "+4930123456" });
  assert.equal(res.status, 200, res.body);
  assert.equal(res.json().activated, false);
  const sms = JSON.parse(hook.received.at(-1)!.body);
  assert.equal(sms.to, "+4930123456");
  const code = /\b(\d{4})\b/.exec(sms.text)?.[1];
  assert.ok(code, sms.text);
  const activated = await call(server.url, "POST", `/api/accounts/${username}@${DOMAIN}/activate/phone`, { body: { confirmation_key: code } });
  assert.equal(activated.status, 200, activated.body);
  assert.equal(findAccount(server.app.db, username, DOMAIN)!.activated, 1);
});

test("with neither, email is optional and nothing is sent", async () => {
  const page = (await server.get("/account/sign-up")).body;
  assert.match(page, /Email \(optional\) <input name="email"[^>]*autocomplete="email">/);
  const sent = hook.received.length;
  assert.equal((await signUp({})).status, 200);
  assert.equal(hook.received.length, sent);
});
