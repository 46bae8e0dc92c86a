// The server's clean-up timer: API keys unused for accounts.api_key_expiration_minutes and Digest nonces over a
// day old are deleted, driven by tick(now) and mocked timers (no real waiting).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AccountCleanupScheduler, CLEANUP_INTERVAL_MS } from "../../core/accounts/cleanup-scheduler.ts";
import { apiKeyOf, markApiKeyUsed } from "../../db/api-keys.ts";
import { addNonce, findNonce } from "../../db/digest-nonces.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call, seedAccount, seedApiKey } from "../helpers/sip-api.ts";
import { SETTINGS } from "./cli-helpers.ts";

const MINUTE = 60_000;
let server: TestServer;
let n = 0;

before(async () => {
  server = await startTestServer({ "switchboard.yml": SETTINGS + "  api_key_expiration_minutes: 60\n" });
});
after(() => server.close());

test("a tick deletes API keys unused for api_key_expiration_minutes, and the key stops working", async () => {
  const account = seedAccount(server.app.db, { username: `keyed${++n}` });
  const key = seedApiKey(server.app.db, account);
  const t0 = Date.now();
  const cleanup = new AccountCleanupScheduler(server.app.db, server.app.store);

  cleanup.tick(t0 + 59 * MINUTE);
  assert.ok(apiKeyOf(server.app.db, account.id), "kept before it expires");
  assert.equal((await call(server.url, "GET", "/api/accounts/me", { headers: { "x-api-key": key } })).status, 200);

  assert.ok(cleanup.tick(t0 + 61 * MINUTE).apiKeys >= 1);
  assert.equal(apiKeyOf(server.app.db, account.id), undefined);
  assert.equal((await call(server.url, "GET", "/api/accounts/me", { headers: { "x-api-key": key } })).status, 401);
});

test("a tick deletes Digest nonces handed out over a day ago", () => {
  const account = seedAccount(server.app.db, { username: `nonced${++n}` });
  const nonce = `nonce-${n}`;
  addNonce(server.app.db, account.id, nonce);
  const t0 = Date.now();
  const cleanup = new AccountCleanupScheduler(server.app.db, server.app.store);
  cleanup.tick(t0 + 23 * 60 * MINUTE);
  assert.ok(findNonce(server.app.db, account.id, nonce), "a nonce of this session is kept");
  assert.ok(cleanup.tick(t0 + 25 * 60 * MINUTE).nonces >= 1);
  assert.equal(findNonce(server.app.db, account.id, nonce), undefined);
});

test("the expiry follows switchboard.yml as it changes", (t) => {
  server.writeConfig("switchboard.yml", SETTINGS + "  api_key_expiration_minutes: 5\n");
  t.after(() => server.writeConfig("switchboard.yml", SETTINGS + "  api_key_expiration_minutes: 60\n"));
  const account = seedAccount(server.app.db, { username: `short${++n}` });
  seedApiKey(server.app.db, account);
  new AccountCleanupScheduler(server.app.db, server.app.store).tick(Date.now() + 6 * MINUTE);
  assert.equal(apiKeyOf(server.app.db, account.id), undefined);
});

test("once started, the timer cleans up every ten minutes", (t) => {
  t.mock.timers.enable({ apis: ["setInterval"] });
  const account = seedAccount(server.app.db, { username: `timed${++n}` });
  seedApiKey(server.app.db, account);
  markApiKeyUsed(server.app.db, account.id, new Date(Date.now() - 2 * 60 * MINUTE).toISOString());
  const cleanup = new AccountCleanupScheduler(server.app.db, server.app.store);
  cleanup.start();
  t.after(() => cleanup.stop());
  t.mock.timers.tick(CLEANUP_INTERVAL_MS - 1);
  assert.ok(apiKeyOf(server.app.db, account.id), "not before the interval");
  t.mock.timers.tick(1);
  assert.equal(apiKeyOf(server.app.db, account.id), undefined);
});

test("the server starts the clean-up timer only when asked, and stops it on close", async () => {
  const running = await startTestServer({}, { accountCleanup: true });
  assert.equal(running.app.accountCleanup.started, true);
  await running.close();
  assert.equal(running.app.accountCleanup.started, false, "closing the server stops the timer");
  assert.equal(server.app.accountCleanup.started, false, "tests do not clean up on a timer unless they ask");
});
