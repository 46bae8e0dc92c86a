// POST /api/messages against the real linphone-daemon (Debian's linphone-cli), not our fake: it parses our command
// and answers with its own protocol. It runs with a throw-away HOME and no SIP ports, so nothing leaves the machine
// (the message is accepted, then fails to go anywhere, which the API does not wait for).
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { seedAdmin } from "../accounts/callers.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const DAEMON = "/usr/bin/linphone-daemon";
const skip = existsSync(DAEMON) ? false : "linphone-daemon is not installed (Debian linphone-cli; make test installs it)";
// `--pipe NAME` makes the socket /tmp/NAME.
const pipeName = `switchboard-test-${process.pid}-${Date.now()}.sock`;
const socketPath = join("/tmp", pipeName);
const home = mkdtempSync(join(tmpdir(), "linphone-daemon-home-"));
let daemon: ChildProcess | undefined;
let server: TestServer;

before(async () => {
  if (skip) return;
  mkdirSync(join(home, ".local", "share", "linphone"), { recursive: true });
  writeFileSync(join(home, "linphonerc"), "[sip]\nsip_port=-1\nsip_tcp_port=-1\nsip_tls_port=-1\n[sound]\nplayback_dev_id=\ncapture_dev_id=\n");
  daemon = spawn(DAEMON, ["--pipe", pipeName, "--config", join(home, "linphonerc")], { env: { ...process.env, HOME: home }, stdio: "ignore" });
  for (let waited = 0; !existsSync(socketPath); waited += 50) {
    if (waited > 15_000 || daemon.exitCode !== null) throw new Error("linphone-daemon did not open its socket");
    await new Promise((ok) => setTimeout(ok, 50));
  }
  server = await startTestServer({ "switchboard.yml": `accounts:\n  sip_domain: sip.example.com\nmessages:\n  linphone_daemon_socket: ${socketPath}\n` });
});

after(async () => {
  await server?.close();
  daemon?.kill("SIGKILL");
  rmSync(socketPath, { force: true });
  rmSync(home, { recursive: true, force: true });
});

test("the real daemon takes our message command and answers with the message's Id (200 {id})", { skip }, async () => {
  const res = await seedAdmin(server).as("POST", "/api/messages", { to: "alice@127.0.0.1", body: `Hello "there" $(x) ☎` });
  assert.equal(res.status, 200, res.body);
  assert.match(res.json().id, /^\S+$/);
});

test("messages one right after the other all reach the real daemon (it drops a client that comes before it saw the last one leave)", { skip }, async () => {
  const admin = seedAdmin(server);
  const answers = await Promise.all(Array.from({ length: 4 }, (_, i) => admin.as("POST", "/api/messages", { to: "bob@127.0.0.1:5060", body: `message ${i}` })));
  assert.deepEqual(answers.map((r) => r.status), [200, 200, 200, 200], answers.map((r) => r.body).join(" "));
  assert.equal(new Set(answers.map((r) => r.json().id)).size, 4);
});
