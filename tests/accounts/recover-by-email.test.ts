// An admin's recovery mail, as FlexiAPI 1.3.10's ApiAccountTest::testRecoverByEmail asserts it (200, a new
// confirmation key and a new provisioning token), with the mail really arriving; and its failures: no address,
// no admin, the SMTP server down (503, nothing changed).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { getAccount } from "../../db/accounts.ts";
import { closedPort } from "../fakes/smtp.ts";
import { call } from "../helpers/sip-api.ts";
import { DOMAIN, seedAdmin, seedCaller, unique, type Caller } from "./callers.ts";
import { configFor, keyIn, NAME, PUBLIC_URL, startConfirmationEnv, type ConfirmationEnv } from "./confirmation-setup.ts";

let env: ConfirmationEnv;
let admin: Caller;

before(async () => {
  env = await startConfirmationEnv();
  admin = seedAdmin(env.server);
});
after(() => env.close());

const OLD_KEY = "oldKey0123456";
const OLD_TOKEN = "oldToken";
/** An account that lost its password; its provisioning token (unique per account) is `OLD_TOKEN + id`. */
const lost = (o: Parameters<typeof seedCaller>[1] = {}) =>
  seedCaller(env.server, { email: `${unique("collision")}@email.com`, confirmation_key: OLD_KEY, provisioning_token: unique(OLD_TOKEN), password: "lost-password", ...o });
const recover = (id: number, by = admin) => by.as("POST", `/api/accounts/${id}/recover-by-email`);

test("testRecoverByEmail: 200 with a new confirmation key and a new provisioning token, mailed to the account", async () => {
  const { account } = lost();
  const res = await recover(account.id);
  assert.equal(res.status, 200, res.body);
  const { confirmation_key, provisioning_token } = res.json();
  assert.match(confirmation_key, /^[0-9A-Za-z]{13}$/);
  assert.match(provisioning_token, /^[0-9A-Za-z]{13}$/);
  assert.notEqual(confirmation_key, OLD_KEY);
  assert.notEqual(provisioning_token, account.provisioning_token);
  const stored = getAccount(env.server.app.db, account.id)!;
  assert.deepEqual([stored.confirmation_key, stored.provisioning_token], [confirmation_key, provisioning_token]);

  const mail = await env.sink.nextMail();
  assert.deepEqual(mail.envelopeTo, [account.email]);
  assert.equal(mail.subject, `Recover your ${NAME} account`);
  assert.ok(mail.text.includes(`sip:${account.username}@${DOMAIN}`));
  assert.ok(mail.text.includes(`${PUBLIC_URL}/provisioning/${provisioning_token}?reset_password`), mail.text);
  assert.ok(mail.text.includes(`${PUBLIC_URL}/provisioning/qrcode/${provisioning_token}?reset_password`));
  assert.equal(keyIn(mail.text), confirmation_key);
  for (const secret of ["lost-password", OLD_KEY, account.provisioning_token!]) assert.ok(!mail.raw.includes(secret), secret);
});

test("the mailed key activates an account even when its earlier key had expired", async () => {
  const { account } = lost({ activated: 0, confirmation_key_expires: "2000-01-01 00:00:00" });
  assert.equal((await recover(account.id)).status, 200);
  const key = keyIn((await env.sink.nextMail()).text);
  const res = await call(env.server.url, "POST", `/api/accounts/${account.username}@${DOMAIN}/activate/email`, { body: { confirmation_key: key } });
  assert.equal(res.status, 200, res.body);
  assert.equal(res.json().activated, true);
});

test("an account without an email address is 422 on email, and keeps its key and token", async () => {
  const { account } = lost({ email: null });
  const res = await recover(account.id);
  assert.equal(res.status, 422);
  assert.deepEqual(Object.keys(res.json().errors), ["email"]);
  assert.equal(getAccount(env.server.app.db, account.id)!.confirmation_key, OLD_KEY);
});

test("only admins may send a recovery (403), and an unknown account is 404", async () => {
  const { account } = lost();
  assert.equal((await recover(account.id, seedCaller(env.server))).status, 403);
  assert.equal((await recover(999_999)).status, 404);
  assert.equal(getAccount(env.server.app.db, account.id)!.provisioning_token, account.provisioning_token);
});

test("with the SMTP server down the recovery is 503 and the key and token stay as they were", async (t) => {
  configFor(env, t, env.config({ smtpPort: await closedPort() }));
  const { account } = lost();
  const res = await recover(account.id);
  assert.equal(res.status, 503);
  const stored = getAccount(env.server.app.db, account.id)!;
  assert.deepEqual([stored.confirmation_key, stored.provisioning_token], [OLD_KEY, account.provisioning_token]);
});

test("without an SMTP server configured the recovery is refused (503), never pretended", async (t) => {
  configFor(env, t, `accounts:\n  sip_domain: ${DOMAIN}\n`);
  const res = await recover(lost().account.id);
  assert.equal(res.status, 503);
  assert.match(res.json().message, /mail\.smtp\.host/);
});
