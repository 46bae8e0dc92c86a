// A new account that is not activated and has an email address is mailed its confirmation key and a link to our
// activation page (by an admin, the admin panel, or a sign-up with a creation token). The mail goes before the
// account is stored: when the SMTP server is down the answer is 503 and nothing was created.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { findCreationToken } from "../../db/account-creation-tokens.ts";
import { findAccount } from "../../db/accounts.ts";
import { closedPort } from "../fakes/smtp.ts";
import { ADMIN_AND_MONITOR_SERVICECONFIG } from "../helpers/server.ts";
import { call } from "../helpers/sip-api.ts";
import { DOMAIN, seedAdmin, unique, type Caller } from "./callers.ts";
import { configFor, keyIn, NAME, PUBLIC_URL, startConfirmationEnv, type ConfirmationEnv } from "./confirmation-setup.ts";

let env: ConfirmationEnv;
let admin: Caller;

before(async () => {
  env = await startConfirmationEnv({ "serviceconfig.yml": ADMIN_AND_MONITOR_SERVICECONFIG });
  admin = seedAdmin(env.server);
});
after(() => env.close());

const newAccount = (o: Record<string, unknown> = {}) => ({ username: unique("new"), password: "pass-word-1", algorithm: "SHA-256", email: `${unique("person")}@example.com`, ...o });
const activate = (sip: string, key: string) => call(env.server.url, "POST", `/api/accounts/${sip}/activate/email`, { body: { confirmation_key: key } });

async function creationToken(): Promise<string> {
  const res = await admin.as("POST", "/api/account_creation_tokens");
  assert.equal(res.status, 201, res.body);
  return res.json().token;
}

test("an admin's new account, not activated and with an email, is mailed its key and the activation link", async () => {
  const body = newAccount();
  const res = await admin.as("POST", "/api/accounts", body);
  assert.equal(res.status, 200, res.body);
  const { confirmation_key, provisioning_token } = res.json();
  const mail = await env.sink.nextMail();
  assert.deepEqual(mail.envelopeTo, [body.email]);
  assert.equal(mail.headers.get("from"), `${NAME} <noreply@pbx.example.com>`);
  assert.equal(mail.subject, `Activate your ${NAME} account`);
  assert.ok(mail.text.includes(`sip:${body.username}@${DOMAIN}`));
  assert.ok(mail.text.includes(`${PUBLIC_URL}/activate/${body.username}@${DOMAIN}#${confirmation_key}`), mail.text);
  assert.equal(keyIn(mail.text), confirmation_key);
  // Nothing secret but the key: no password, no provisioning token.
  assert.ok(!mail.raw.includes(body.password));
  assert.ok(!mail.raw.includes(provisioning_token));
});

test("the key from the mail activates the account through /api/accounts/{sip}/activate/email", async () => {
  const body = newAccount();
  assert.equal((await admin.as("POST", "/api/accounts", body)).status, 200);
  const key = keyIn((await env.sink.nextMail()).text);
  const res = await activate(`${body.username}@${DOMAIN}`, key);
  assert.equal(res.status, 200, res.body);
  assert.equal(res.json().activated, true);
  assert.equal(findAccount(env.server.app.db, body.username, DOMAIN)!.confirmation_key, null);
});

test("a key whose confirmation_key_expires has passed is refused (403), and the mail said until when", async () => {
  const body = newAccount({ confirmation_key_expires: "2000-01-01 00:00:00" });
  assert.equal((await admin.as("POST", "/api/accounts", body)).status, 200);
  const mail = await env.sink.nextMail();
  assert.ok(mail.text.includes("until 2000-01-01 00:00:00 (UTC)"), mail.text);
  const res = await activate(`${body.username}@${DOMAIN}`, keyIn(mail.text));
  assert.equal(res.status, 403);
  assert.equal(res.json().message, "Activation expired");
});

test("an activated account, and one without an email address, are mailed nothing", async () => {
  const before = env.sink.mails.length;
  assert.equal((await admin.as("POST", "/api/accounts", newAccount({ activated: true }))).status, 200);
  assert.equal((await admin.as("POST", "/api/accounts", newAccount({ email: undefined }))).status, 200);
  assert.equal(env.sink.mails.length, before);
});

test("a sign-up with a creation token and an email is mailed its key, which activates the account", async () => {
  const body = { ...newAccount(), account_creation_token: await creationToken() };
  const res = await call(env.server.url, "POST", "/api/accounts/with-account-creation-token", { body });
  assert.equal(res.status, 200, res.body);
  assert.equal(res.json().confirmation_key, undefined, "the sign-up's answer does not show the key: the mail is the proof");
  const mail = await env.sink.nextMail();
  assert.deepEqual(mail.envelopeTo, [body.email]);
  assert.equal((await activate(`${body.username}@${DOMAIN}`, keyIn(mail.text))).status, 200);
});

test("with the SMTP server down an admin's account is not created (503), and is once the server is back", async (t) => {
  configFor(env, t, env.config({ smtpPort: await closedPort() }));
  const body = newAccount();
  const res = await admin.as("POST", "/api/accounts", body);
  assert.equal(res.status, 503);
  assert.match(res.json().message, /email could not be sent/);
  assert.equal(findAccount(env.server.app.db, body.username, DOMAIN), undefined);
  env.server.writeConfig("switchboard.yml", env.config());
  assert.equal((await admin.as("POST", "/api/accounts", body)).status, 200);
  await env.sink.nextMail();
});

test("with the SMTP server down a sign-up is not created (503) and its creation token stays unused", async (t) => {
  configFor(env, t, env.config({ smtpPort: await closedPort() }));
  const token = await creationToken();
  const body = { ...newAccount(), account_creation_token: token };
  assert.equal((await call(env.server.url, "POST", "/api/accounts/with-account-creation-token", { body })).status, 503);
  assert.equal(findAccount(env.server.app.db, body.username, DOMAIN), undefined);
  assert.equal(findCreationToken(env.server.app.db, token)!.used, 0);
  env.server.writeConfig("switchboard.yml", env.config());
  assert.equal((await call(env.server.url, "POST", "/api/accounts/with-account-creation-token", { body })).status, 200);
  await env.sink.nextMail();
});

test("without an SMTP server configured accounts are created as before and nothing is mailed", async (t) => {
  configFor(env, t, `accounts:\n  sip_domain: ${DOMAIN}\n`);
  const before = env.sink.mails.length;
  const res = await admin.as("POST", "/api/accounts", newAccount());
  assert.equal(res.status, 200, res.body);
  assert.match(res.json().confirmation_key, /^[0-9A-Za-z]{13}$/);
  assert.equal(env.sink.mails.length, before);
});

test("an account made on the admin panel is mailed its key too", async () => {
  const body = newAccount();
  const payload = JSON.stringify(body);
  const res = await call(env.server.url, "POST", "/api/admin/accounts", {
    body,
    headers: { Authorization: `Basic ${Buffer.from("admin:admin-pass").toString("base64")}`, Origin: PUBLIC_URL, "Content-Length": String(Buffer.byteLength(payload)) },
  });
  assert.equal(res.status, 201, res.body);
  const mail = await env.sink.nextMail();
  assert.deepEqual(mail.envelopeTo, [body.email]);
  assert.equal(keyIn(mail.text), findAccount(env.server.app.db, body.username, DOMAIN)!.confirmation_key);
});

test("the activation page is a plain page with our own script (no inline script) that sends no Referer", async () => {
  const res = await env.server.get(`/activate/alice@${DOMAIN}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /^text\/html/);
  assert.match(res.body, /<script src="\/js\/activate\.js" defer><\/script>/);
  assert.doesNotMatch(res.body, /<script(?![^>]*\bsrc=)[^>]*>/, "no inline script");
  assert.match(res.headers.get("content-security-policy")!, /script-src 'self'/);
  assert.equal(res.headers.get("referrer-policy"), "no-referrer");
  const script = await env.server.get("/js/activate.js");
  assert.equal(script.status, 200);
  assert.match(script.body, /\/activate\/email/);
  assert.match(script.body, /location\.hash/);
});
