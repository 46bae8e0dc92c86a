// Sign-in to the self-service pages by a one-time code (core/accounts/sign-in-codes.ts), mailed to the SMTP sink:
// the code signs in once with the same session cookie as a password, is stored only as a hash, dies after five
// wrong tries or its minutes, and no answer tells whether the name has an account. Requests are limited.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { SIGN_IN_CODE_TRIES, CODE_REQUESTS, CODE_REQUEST_BLOCK_SECONDS } from "../../core/accounts/sign-in-codes.ts";
import { findSignInCode, saveSignInCode } from "../../db/sign-in-codes.ts";
import { startSmsWebhook, type SmsWebhook } from "../fakes/sms-webhook.ts";
import { call, seedAccount, type ApiResponse } from "../helpers/sip-api.ts";
import { DOMAIN, unique } from "./callers.ts";
import { startConfirmationEnv, type ConfirmationEnv } from "./confirmation-setup.ts";

let env: ConfirmationEnv;
let hook: SmsWebhook;
let ips = 0;
before(async () => {
  hook = await startSmsWebhook();
  env = await startConfirmationEnv();
  env.defaults.extra = `trusted_proxies: [127.0.0.1]\nsms:\n  webhook:\n    url: "${hook.url}/sms"\n    body: '{"to": "{phone}", "text": "{message}"}'\n`;
  env.defaults.accounts = "  email_unique: true\n";
  env.server.writeConfig("switchboard.yml", env.config());
});
after(async () => {
  await env.close();
  await hook.close();
});

const newIp = () => `198.51.100.${++ips}`;
function post(ip: string, path: string, body: unknown): Promise<ApiResponse> {
  return call(env.server.url, "POST", path, { body, headers: { Origin: "https://pbx.example.com", "X-Forwarded-For": ip } });
}
const seed = (o: { email?: string | null; phone?: string } = {}) => {
  const username = unique("cody");
  return seedAccount(env.server.app.db, { username, domain: DOMAIN, email: o.email === undefined ? `${username}@example.com` : o.email, phone: o.phone });
};
const codeOf = (text: string): string => /sign-in code: (\d{6})/.exec(text)?.[1] ?? "";

test("a mailed code signs in once with the session cookie, by username or email; it is kept only as a hash", async () => {
  const account = seed();
  const ip = newIp();
  const asked = await post(ip, "/api/session/code", { username: account.email });
  assert.equal(asked.status, 200, asked.body);
  const mail = await env.sink.nextMail();
  assert.deepEqual(mail.envelopeTo, [account.email]);
  const code = codeOf(mail.text);
  assert.match(code, /^\d{6}$/, mail.text);
  const stored = findSignInCode(env.server.app.db, account.id)!;
  assert.ok(!JSON.stringify(stored).includes(code), "no plain code at rest");
  const res = await post(ip, "/api/session", { username: account.username, code });
  assert.equal(res.status, 200, res.body);
  const cookie = (res.headers.get("set-cookie") ?? []).find((c) => c.startsWith("switchboard_session="))!;
  assert.match(cookie, /HttpOnly; SameSite=Strict/);
  const me = await call(env.server.url, "GET", "/api/accounts/me", { headers: { Cookie: cookie.split(";")[0] } });
  assert.equal(me.json().username, account.username);
  assert.equal((await post(ip, "/api/session", { username: account.username, code })).status, 401, "single use");
});

test("an account without an email address gets its code by SMS to its phone number", async () => {
  const account = seed({ email: null, phone: "+4930999888" });
  const ip = newIp();
  assert.equal((await post(ip, "/api/session/code", { username: `sip:${account.username}@${DOMAIN}` })).status, 200);
  const deadline = Date.now() + 5000;
  while (!hook.received.some((r) => r.body.includes("+4930999888")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const sms = JSON.parse(hook.received.find((r) => r.body.includes("+4930999888"))!.body);
  const code = /code is (\d{6})/.exec(sms.text)?.[1] ?? "";
  assert.equal((await post(ip, "/api/session", { username: account.username, code })).status, 200, sms.text);
});

test("the answer is the same for an unknown name and an account without an address, and nothing is sent", async () => {
  const known = await post(newIp(), "/api/session/code", { username: seed().username });
  await env.sink.nextMail();
  const mailed = env.sink.mails.length;
  const unknown = await post(newIp(), "/api/session/code", { username: unique("nobody") });
  const unreachable = await post(newIp(), "/api/session/code", { username: seed({ email: null }).username });
  assert.deepEqual([unknown.status, unknown.body], [known.status, known.body]);
  assert.deepEqual([unreachable.status, unreachable.body], [known.status, known.body]);
  const wrongUnknown = await post(newIp(), "/api/session", { username: unique("nobody"), code: "123456" });
  assert.equal(wrongUnknown.status, 401);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(env.sink.mails.length, mailed, "no mail for either");
});

test("five wrong codes (SIGN_IN_CODE_TRIES) drop the code: the right one no longer signs in", async () => {
  const account = seed();
  await post(newIp(), "/api/session/code", { username: account.username });
  const code = codeOf((await env.sink.nextMail()).text);
  const wrong = code === "000000" ? "000001" : "000000";
  for (let i = 0; i < SIGN_IN_CODE_TRIES; i++) assert.equal((await post(newIp(), "/api/session", { username: account.username, code: wrong })).status, 401);
  assert.equal(findSignInCode(env.server.app.db, account.id), undefined);
  assert.equal((await post(newIp(), "/api/session", { username: account.username, code })).status, 401);
});

test("an expired code does not sign in", async () => {
  const account = seed();
  await post(newIp(), "/api/session/code", { username: account.username });
  const code = codeOf((await env.sink.nextMail()).text);
  const stored = findSignInCode(env.server.app.db, account.id)!;
  saveSignInCode(env.server.app.db, account.id, stored.code_hash, stored.created_at, new Date(Date.now() - 1000).toISOString());
  assert.equal((await post(newIp(), "/api/session", { username: account.username, code })).status, 401);
});

test("more than CODE_REQUESTS code requests for one name in 10 minutes are 429 with Retry-After, known or not", async () => {
  const name = unique("spam");
  for (let i = 0; i <= CODE_REQUESTS; i++) assert.equal((await post(newIp(), "/api/session/code", { username: name })).status, 200);
  const refused = await post(newIp(), "/api/session/code", { username: name });
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get("retry-after")?.[0], String(CODE_REQUEST_BLOCK_SECONDS));
});

test("the page offers codes only when mail or SMS is configured; without, a request is 503", async (t) => {
  assert.match((await env.server.get("/account")).body, /data-code-sign-in="on"/);
  env.server.writeConfig("switchboard.yml", `public_url: "https://pbx.example.com"\ntrusted_proxies: [127.0.0.1]\naccounts:\n  sip_domain: ${DOMAIN}\n`);
  t.after(() => env.server.writeConfig("switchboard.yml", env.config()));
  assert.match((await env.server.get("/account")).body, /data-code-sign-in=""/);
  assert.equal((await post(newIp(), "/api/session/code", { username: seed().username })).status, 503);
});
