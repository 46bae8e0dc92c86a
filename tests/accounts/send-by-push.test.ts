// POST /api/account_creation_tokens/send-by-push: FlexiAPI's ApiAccountCreationTokenTest push cases (1.3.10 and
// 1.5.0: testCorrectParameters, testMandatoryParameters, testThrottling) and what FlexisipPusherConnector runs,
// checked against a fake flexisip_pusher that records its argv (tests/fakes/flexisip-pusher.mjs).
import assert from "node:assert/strict";
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test, type TestContext } from "node:test";
import { addCreationToken, findCreationToken } from "../../db/account-creation-tokens.ts";
import { findAccount } from "../../db/accounts.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call } from "../helpers/sip-api.ts";

const DOMAIN = "sip.example.com";
const SETTINGS = `accounts:\n  sip_domain: ${DOMAIN}\n`;
const ROUTE = "/api/account_creation_tokens/send-by-push";
const work = mkdtempSync(join(tmpdir(), "send-by-push-"));
// A copy of the fake in a folder of this file's own, told what to do by the fake-pusher.json beside it.
const PUSHER = join(work, "flexisip-pusher.mjs");
copyFileSync(join(import.meta.dirname, "..", "fakes", "flexisip-pusher.mjs"), PUSHER);
chmodSync(PUSHER, 0o755);
const pusherLog = join(work, "argv.jsonl");
const control = (c: Record<string, string | number>) => writeFileSync(join(work, "fake-pusher.json"), JSON.stringify({ log: pusherLog, ...c }));
let server: TestServer;
let n = 0;

before(async () => {
  control({});
  server = await startTestServer({ "switchboard.yml": SETTINGS });
});
after(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

/** A device no other test uses (FlexiAPI's test device is provider / param / id). */
const device = (provider = "provider") => ({ pn_provider: provider, pn_param: `param${++n}`, pn_prid: `id${n}` });

const send = (body: unknown, headers: Record<string, string> = {}) => call(server.url, "POST", ROUTE, { body, headers });

/** push: settings for one test, put back after it. */
function pushSettings(t: TestContext, push: string): void {
  server.writeConfig("switchboard.yml", `${SETTINGS}push:\n${push.replace(/^/gm, "  ")}\n`);
  t.after(() => server.writeConfig("switchboard.yml", SETTINGS));
}

const withPusher = (t: TestContext, extra = "") => pushSettings(t, `pusher: ${PUSHER}\n${extra}`);

/** How the fake pusher behaves in one test. */
function pusherBehaves(t: TestContext, c: Record<string, string | number>): void {
  control(c);
  t.after(() => control({}));
}

/** The argv of every pusher run since the test began. */
function pusherRuns(): string[][] {
  if (!existsSync(pusherLog)) return [];
  return readFileSync(pusherLog, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l).argv);
}

function freshLog(t: TestContext): void {
  writeFileSync(pusherLog, "");
  t.after(() => writeFileSync(pusherLog, ""));
}

const tokensOf = (d: ReturnType<typeof device>): { token: string; used: number }[] =>
  server.app.db.prepare("SELECT token, used FROM account_creation_tokens WHERE pn_provider = ? AND pn_param = ? AND pn_prid = ?").all(d.pn_provider, d.pn_param, d.pn_prid) as never;

/** A token of the device as FlexiAPI's factory makes one (unused), optionally created `minutesAgo`. */
function seedDeviceToken(d: ReturnType<typeof device>, o: { used?: boolean; minutesAgo?: number } = {}): string {
  const token = `seed${String(++n).padStart(9, "0")}`;
  addCreationToken(server.app.db, token, { ip: null, userAgent: null }, d);
  const createdAt = new Date(Date.now() - (o.minutesAgo ?? 0) * 60_000).toISOString();
  server.app.db.prepare("UPDATE account_creation_tokens SET used = ?, created_at = ? WHERE token = ?").run(o.used ? 1 : 0, createdAt, token);
  return token;
}

test("without a pusher configured, a token cannot be sent (503) and none is stored", async () => {
  const d = device();
  const res = await send(d);
  assert.equal(res.status, 503, res.body);
  assert.match(res.json().message, /^Token not sent/);
  assert.deepEqual(tokensOf(d), []);
});

test("pn_provider, pn_param and pn_prid are required (422), also when sent as null", async (t) => {
  withPusher(t);
  freshLog(t);
  const empty = await send({});
  assert.equal(empty.status, 422);
  assert.deepEqual(Object.keys(empty.json().errors).sort(), ["pn_param", "pn_prid", "pn_provider"]);
  assert.deepEqual(empty.json().errors.pn_provider, ["The pn provider field is required."]);
  const nulls = await send({ pn_provider: null, pn_param: null, pn_prid: null });
  assert.equal(nulls.status, 422);
  assert.deepEqual(Object.keys(nulls.json().errors).sort(), ["pn_param", "pn_prid", "pn_provider"]);
  assert.deepEqual(pusherRuns(), [], "nothing was pushed");
});

test("device fields that are not one short line of text are refused (422)", async (t) => {
  withPusher(t);
  freshLog(t);
  for (const bad of [{ pn_prid: "a\nb" }, { pn_param: "x".repeat(256) }, { pn_provider: 42 }]) {
    const res = await send({ ...device(), ...bad });
    assert.equal(res.status, 422, JSON.stringify(bad));
    assert.deepEqual(Object.keys(res.json().errors), Object.keys(bad));
  }
  assert.deepEqual(pusherRuns(), []);
});

test("an unused token of the device does not hold it back (503 without a pusher); once used, the device is throttled (429)", async () => {
  const d = device();
  seedDeviceToken(d);
  assert.equal((await send(d)).status, 503);
  server.app.db.prepare("UPDATE account_creation_tokens SET used = 1 WHERE pn_prid = ?").run(d.pn_prid);
  const res = await send(d);
  assert.equal(res.status, 429);
  assert.equal(res.json().message, "Last token requested too recently");
  const retryAfter = Number(res.headers.get("retry-after")?.[0]);
  assert.ok(retryAfter > 59 * 60 && retryAfter <= 3600, `Retry-After ${retryAfter} s: the rest of the 60 minutes`);
});

test("an APNs device gets FlexiAPI's arguments with --apple-push-type Background; the token is stored with the device and not shown", async (t) => {
  withPusher(t, "firebase_key: fb-key-1");
  freshLog(t);
  const d = device("apns");
  const res = await send(d, { "User-Agent": "LinphoneiOS/5.2" });
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(res.json(), {});
  const [argv] = pusherRuns();
  const token = JSON.parse(argv[7]).token;
  assert.deepEqual(argv, [
    "--pn-provider", "apns", "--pn-param", d.pn_param, "--pn-prid", d.pn_prid,
    "--customPayload", `{"token":"${token}"}`, "--apple-push-type", "Background",
  ]);
  assert.match(token, /^[0-9a-zA-Z]{13}$/);
  assert.ok(!res.body.includes(token), "the token reaches the device only");
  const stored = findCreationToken(server.app.db, token)!;
  assert.deepEqual({ ...stored, id: 0, created_at: "", updated_at: "" }, {
    id: 0, token, used: 0, account_id: null, pn_provider: "apns", pn_param: d.pn_param, pn_prid: d.pn_prid,
    ip_address: "127.0.0.1", user_agent: "LinphoneiOS/5.2", created_at: "", updated_at: "",
  });
});

test("apns.dev is APNs too: Background, and no Firebase key", async (t) => {
  withPusher(t, "firebase_key: fb-key-1");
  freshLog(t);
  assert.equal((await send(device("apns.dev"))).status, 200);
  assert.deepEqual(pusherRuns()[0].slice(8), ["--apple-push-type", "Background"]);
});

test("any other provider gets --key with push.firebase_key (FlexiAPI 1.3)", async (t) => {
  withPusher(t, "firebase_key: fb-key-1");
  freshLog(t);
  const d = device("fcm");
  assert.equal((await send(d)).status, 200);
  const [argv] = pusherRuns();
  assert.deepEqual(argv.slice(0, 7), ["--pn-provider", "fcm", "--pn-param", d.pn_param, "--pn-prid", d.pn_prid, "--customPayload"]);
  assert.deepEqual(argv.slice(8), ["--key", "fb-key-1"]);
});

test("the key mapped to the device's pn_param wins (FlexiAPI 1.5's keysmap, as a map or as its 'param:key' text)", async (t) => {
  const mapped = device("fcm");
  const unmapped = device("fcm");
  withPusher(t, `firebase_keys: "${mapped.pn_param}:AAAA:bb-cc other:zzz"`);
  freshLog(t);
  assert.equal((await send(mapped)).status, 200);
  assert.equal((await send(unmapped)).status, 200);
  const [first, second] = pusherRuns();
  assert.deepEqual(first.slice(8), ["--key", "AAAA:bb-cc"], "split at the first colon: old keys hold colons");
  assert.deepEqual(second.slice(8), [], "no key for a pn_param the map lacks, and no firebase_key set");
  server.writeConfig("switchboard.yml", `${SETTINGS}push:\n  pusher: ${PUSHER}\n  firebase_key: fallback\n  firebase_keys: {${mapped.pn_param}: mapped-key}\n`);
  assert.equal((await send(mapped)).status, 200);
  assert.equal((await send(unmapped)).status, 200);
  assert.deepEqual(pusherRuns().slice(2).map((argv) => argv.slice(8)), [["--key", "mapped-key"], ["--key", "fallback"]]);
});

test("quotes, $(…) and spaces in the device fields reach the pusher as one argument each: there is no shell", async (t) => {
  withPusher(t);
  freshLog(t);
  const marker = join(work, "pwned");
  const d = { pn_provider: `fcm' ; touch ${marker} ; '`, pn_param: `$(touch ${marker})`, pn_prid: `"\`touch ${marker}\`" && echo 'x y'` };
  assert.equal((await send(d)).status, 200);
  const [argv] = pusherRuns();
  assert.deepEqual(argv.slice(0, 6), ["--pn-provider", d.pn_provider, "--pn-param", d.pn_param, "--pn-prid", d.pn_prid]);
  assert.equal(argv.length, 8, "no --key: none configured");
  assert.equal(existsSync(marker), false, "nothing ran");
  assert.equal(tokensOf(d).length, 1, "stored with the fields as sent");
});

test("a pusher that fails (exit 1) sends nothing: 503 and no token stored", async (t) => {
  withPusher(t);
  freshLog(t);
  pusherBehaves(t, { exit: 1, stderr: "Firebase answered 401" });
  const d = device("fcm");
  const res = await send(d);
  assert.equal(res.status, 503);
  assert.equal(res.json().message, "Token not sent");
  assert.equal(pusherRuns().length, 1, "it was run");
  assert.deepEqual(tokensOf(d), []);
});

test("a pusher path where no program is answers 503", async (t) => {
  pushSettings(t, `pusher: ${join(work, "no-such-pusher")}`);
  const res = await send(device());
  assert.equal(res.status, 503);
  assert.equal(res.json().message, "Token not sent");
});

test("a pusher that hangs is killed after push.timeout_seconds: 503 in time, no token", async (t) => {
  withPusher(t, "timeout_seconds: 0.5");
  freshLog(t);
  pusherBehaves(t, { sleepMs: "10000" });
  const d = device();
  const started = Date.now();
  const res = await send(d);
  assert.equal(res.status, 503);
  assert.ok(Date.now() - started < 5000, `answered after ${Date.now() - started} ms`);
  assert.deepEqual(tokensOf(d), []);
});

test("the pushed token creates an account; the device then gets no new token within the retry window, another device does", async (t) => {
  withPusher(t);
  freshLog(t);
  const d = device("fcm");
  assert.equal((await send(d)).status, 200);
  const token = JSON.parse(pusherRuns()[0][7]).token;
  const username = `pushed${n}`;
  const signUp = await call(server.url, "POST", "/api/accounts/with-account-creation-token", { body: { username, algorithm: "SHA-256", password: "pw-123", account_creation_token: token } });
  assert.equal(signUp.status, 200, signUp.body);
  assert.equal(findCreationToken(server.app.db, token)!.account_id, findAccount(server.app.db, username, DOMAIN)!.id);
  assert.equal((await send(d)).status, 429);
  assert.equal((await send(device("fcm"))).status, 200);
  assert.equal(pusherRuns().length, 2, "no push for the throttled device");
});

test("a token used longer ago than push.retry_minutes does not hold the device back", async (t) => {
  withPusher(t, "retry_minutes: 5");
  const d = device();
  seedDeviceToken(d, { used: true, minutesAgo: 6 });
  assert.equal((await send(d)).status, 200);
  seedDeviceToken(d, { used: true, minutesAgo: 4 });
  assert.equal((await send(d)).status, 429);
});

test("push settings are checked: a relative pusher path or a bad timeout is a config error, and the last good settings stay", async (t) => {
  withPusher(t);
  server.writeConfig("switchboard.yml", `${SETTINGS}push:\n  pusher: ./flexisip_pusher\n  timeout_seconds: 0\n`);
  const messages = server.app.store.errors.map((p) => p.message);
  assert.ok(messages.some((m) => m.startsWith("push.pusher must be the absolute path")), messages.join("; "));
  assert.ok(messages.some((m) => m.startsWith("push.timeout_seconds")), messages.join("; "));
  assert.equal(server.app.store.config.switchboard.push.pusher, PUSHER);
});
