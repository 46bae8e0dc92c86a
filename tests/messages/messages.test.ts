// POST /api/messages: FlexiAPI's ApiAccountMessageTest (1.3.10 and 1.5.0: testRequest) and what its
// MessageController does with the linphone-daemon, against a fake daemon on a temporary UNIX socket
// (tests/fakes/linphone-daemon.ts) that speaks the daemon's line protocol and misbehaves on demand.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test, type TestContext } from "node:test";
import { seedAdmin, seedCaller } from "../accounts/callers.ts";
import { FakeLinphoneDaemon } from "../fakes/linphone-daemon.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const SETTINGS = "accounts:\n  sip_domain: sip.example.com\n";
let server: TestServer;
let daemon: FakeLinphoneDaemon;

before(async () => {
  daemon = await FakeLinphoneDaemon.start();
  server = await startTestServer({ "switchboard.yml": `${SETTINGS}messages:\n  linphone_daemon_socket: ${daemon.socketPath}\n` });
});
after(async () => {
  await server.close();
  await daemon.close();
});

/** switchboard.yml's messages: section for one test, put back after it. */
function messagesSettings(t: TestContext, yaml: string): void {
  const normal = `${SETTINGS}messages:\n  linphone_daemon_socket: ${daemon.socketPath}\n`;
  server.writeConfig("switchboard.yml", `${SETTINGS}messages:\n${yaml.replace(/^/gm, "  ")}\n`);
  t.after(() => server.writeConfig("switchboard.yml", normal));
}

/** The fake daemon misbehaves for one test. */
function behave(t: TestContext, o: Partial<Pick<FakeLinphoneDaemon, "behaviour" | "refuseWith">>): void {
  Object.assign(daemon, o);
  t.after(() => Object.assign(daemon, { behaviour: "normal", refuseWith: undefined }));
}

const commandsSince = (count: number) => daemon.commands.slice(count);

test("an admin sends a message: the daemon gets `message sip:<to> <body>` and its Id comes back (200 {id})", async () => {
  const admin = seedAdmin(server);
  const before = daemon.commands.length;
  const res = await admin.as("POST", "/api/messages", { to: "username@sip.linphone.org", body: "Message content" });
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(Object.keys(res.json()), ["id"]);
  assert.match(res.json().id, /^[\w-]{8}$/);
  assert.deepEqual(commandsSince(before), ["message sip:username@sip.linphone.org Message content"]);
  assert.deepEqual(daemon.messages.at(-1), { uri: "sip:username@sip.linphone.org", text: "Message content" });
});

test("'+badid' is not a SIP address: 422 on to, and the daemon hears nothing", async () => {
  const before = daemon.commands.length;
  const res = await seedAdmin(server).as("POST", "/api/messages", { to: "+badid", body: "foobar" });
  assert.equal(res.status, 422);
  assert.deepEqual(Object.keys(res.json().errors), ["to"]);
  assert.deepEqual(commandsSince(before), []);
});

test("SIP addresses: user@host with a name, an IPv4 or [IPv6] host and a port pass; others are 422", async () => {
  const admin = seedAdmin(server);
  for (const to of ["+33612345678@sip.example.com", "alice.b_c@127.0.0.1:5060", "bob@[::1]:5061", "a%20b@example.org."]) {
    const res = await admin.as("POST", "/api/messages", { to, body: "hi" });
    assert.equal(res.status, 200, `${to}: ${res.body}`);
  }
  for (const to of ["sip.example.com", "@example.com", "alice@", "alice@exa mple.com", "alice@-bad.com", "a b@example.com", "alice@[::1", "alice@host:99999x", "a@b@c.com", "alice@example.com sip:evil@x"]) {
    const res = await admin.as("POST", "/api/messages", { to, body: "hi" });
    assert.equal(res.status, 422, to);
  }
});

test("to and body are required (422 on each)", async () => {
  const res = await seedAdmin(server).as("POST", "/api/messages", {});
  assert.equal(res.status, 422);
  assert.deepEqual(res.json().errors, { to: ["The to field is required."], body: ["The body field is required."] });
});

test("a body with a line break or another control character is refused (422): it would end or split the daemon's command", async () => {
  const admin = seedAdmin(server);
  const before = daemon.commands.length;
  for (const body of ["hello\nquit", "hello\r", "bell\u0007", "x".repeat(4001)]) {
    const res = await admin.as("POST", "/api/messages", { to: "alice@sip.example.com", body });
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.deepEqual(Object.keys(res.json().errors), ["body"]);
  }
  assert.deepEqual(commandsSince(before), []);
});

test("quotes, tabs, unicode and $(…) in a body reach the daemon as written", async () => {
  const body = `Grüße "dear" 'friend'\t$(rm -rf /) ; ☎ 4000 chars max`;
  const res = await seedAdmin(server).as("POST", "/api/messages", { to: "alice@sip.example.com", body });
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(daemon.messages.at(-1), { uri: "sip:alice@sip.example.com", text: body });
});

test("the daemon's refusal is a 422 with its reason (FlexiAPI's field-less validation message)", async (t) => {
  behave(t, { refuseWith: "Internal error creating chat room." });
  const res = await seedAdmin(server).as("POST", "/api/messages", { to: "alice@sip.example.com", body: "hi" });
  assert.equal(res.status, 422);
  assert.deepEqual(res.json(), { message: "Internal error creating chat room.", errors: { 0: ["Internal error creating chat room."] } });
});

test("only admins send messages (403 for an account that is not one)", async () => {
  const res = await seedCaller(server).as("POST", "/api/messages", { to: "alice@sip.example.com", body: "hi" });
  assert.equal(res.status, 403);
});

test("without a daemon socket configured, sending is unavailable (503)", async (t) => {
  messagesSettings(t, "linphone_daemon_socket: null");
  const res = await seedAdmin(server).as("POST", "/api/messages", { to: "alice@sip.example.com", body: "hi" });
  assert.equal(res.status, 503);
  assert.match(res.json().message, /not configured/);
});

test("a daemon socket nobody listens on is 503 at once", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "no-daemon-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  messagesSettings(t, `linphone_daemon_socket: ${join(dir, "gone.sock")}`);
  const started = Date.now();
  const res = await seedAdmin(server).as("POST", "/api/messages", { to: "alice@sip.example.com", body: "hi" });
  assert.equal(res.status, 503);
  assert.match(res.json().message, /not reachable/);
  assert.ok(Date.now() - started < 1000);
});

test("a silent daemon fails within messages.timeout_seconds (502), and the next message goes through", async (t) => {
  messagesSettings(t, `linphone_daemon_socket: ${daemon.socketPath}\ntimeout_seconds: 0.5`);
  const admin = seedAdmin(server);
  behave(t, { behaviour: "silent" });
  const started = Date.now();
  const res = await admin.as("POST", "/api/messages", { to: "alice@sip.example.com", body: "hi" });
  assert.equal(res.status, 502);
  assert.equal(res.json().message, "The linphone daemon did not answer within 0.5 s.");
  const took = Date.now() - started;
  assert.ok(took >= 450 && took < 2000, `answered after ${took} ms`);
  daemon.behaviour = "normal";
  assert.equal((await admin.as("POST", "/api/messages", { to: "alice@sip.example.com", body: "again" })).status, 200);
});

test("a daemon that hangs up without an answer is a 502 (after trying again, as it drops clients it cannot serve)", async (t) => {
  behave(t, { behaviour: "hang-up" });
  const before = daemon.commands.length;
  const res = await seedAdmin(server).as("POST", "/api/messages", { to: "alice@sip.example.com", body: "hi" });
  assert.equal(res.status, 502);
  assert.match(res.json().message, /closed the connection without an answer/);
  assert.equal(commandsSince(before).length, 3, "three attempts");
});

test("an answer that comes in pieces is read whole", async (t) => {
  behave(t, { behaviour: "in-pieces" });
  const res = await seedAdmin(server).as("POST", "/api/messages", { to: "alice@sip.example.com", body: "hi" });
  assert.equal(res.status, 200, res.body);
  assert.match(res.json().id, /^[\w-]{8}$/);
});

test("an answer larger than any command's is cut off (502)", async (t) => {
  behave(t, { behaviour: "flood" });
  const res = await seedAdmin(server).as("POST", "/api/messages", { to: "alice@sip.example.com", body: "hi" });
  assert.equal(res.status, 502);
  assert.match(res.json().message, /larger than/);
});

test("messages sent at once reach the daemon one after the other (it serves one client at a time)", async () => {
  const admin = seedAdmin(server);
  const dropped = daemon.dropped;
  const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => admin.as("POST", "/api/messages", { to: "alice@sip.example.com", body: `burst ${i}` })));
  assert.deepEqual(answers.map((r) => r.status), [200, 200, 200, 200, 200]);
  assert.equal(new Set(answers.map((r) => r.json().id)).size, 5);
  assert.deepEqual(daemon.messages.slice(-5).map((m) => m.text).sort(), ["burst 0", "burst 1", "burst 2", "burst 3", "burst 4"]);
  assert.ok(daemon.dropped - dropped <= 4, "a dropped connection (the daemon had not yet seen the previous one leave) is tried again");
});

test("messages settings are checked: a relative socket path is a config error", async (t) => {
  messagesSettings(t, "linphone_daemon_socket: daemon.sock");
  assert.ok(server.app.store.errors.some((p) => p.message.startsWith("messages.linphone_daemon_socket must be the absolute path")));
});
