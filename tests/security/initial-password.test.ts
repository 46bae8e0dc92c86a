// The example config ships admin / change-me with sign-in on and HOST=0.0.0.0 (issue 12). The example's password is
// never accepted: the first start generates an admin password, prints it once and keeps only its hash in SQLite.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { INITIAL_ADMIN_SECRET } from "../../core/auth/initial-password.ts";
import { findServerSecret } from "../../db/server-secrets.ts";
import { startTestServer } from "../helpers/server.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const basic = (user: string, pass: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}` });

interface Started {
  url: string;
  stderr: () => string;
  stop: () => Promise<void>;
}

/** `node --import tsx server.ts` as `make run` starts it (every address), on the given config folder and database. */
async function startProcess(t: TestContext, configDir: string, dbPath: string): Promise<Started> {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "server.ts")], {
    env: { ...process.env, PORT: "0", HOST: "0.0.0.0", SWITCHBOARD_CONFIG_DIR: configDir, SWITCHBOARD_DB: dbPath, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
  };
  t.after(stop);
  const port = await new Promise<string>((ok, fail) => {
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) ok(m[1]);
    });
    child.once("exit", (code) => fail(new Error(`server exited (${code}): ${err}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stderr: () => err, stop };
}

/** A config folder as `make run` leaves it on a fresh machine: serviceconfig.yml copied from the example. */
function exampleConfig(t: TestContext): { configDir: string; dbPath: string } {
  const root = mkdtempSync(join(tmpdir(), "switchboard-initial-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const configDir = join(root, "config");
  mkdirSync(configDir);
  copyFileSync(join(ROOT, "config", "serviceconfig.example.yml"), join(configDir, "serviceconfig.yml"));
  return { configDir, dbPath: join(root, "switchboard.sqlite") };
}

test("with the example config the first start prints a generated admin password once; change-me never signs in", async (t) => {
  const { configDir, dbPath } = exampleConfig(t);

  const first = await startProcess(t, configDir, dbPath);
  const printed = /Sign in as admin with: (\S+)/.exec(first.stderr());
  assert.ok(printed, first.stderr());
  const password = printed[1];
  assert.ok(password.length >= 20, "a password nobody guesses");
  assert.equal((await fetch(`${first.url}/status`, { headers: basic("admin", "change-me") })).status, 401, "the example's password is refused");
  assert.equal((await fetch(`${first.url}/status`, { headers: basic("admin", password) })).status, 200);
  await first.stop();

  const second = await startProcess(t, configDir, dbPath);
  assert.doesNotMatch(second.stderr(), new RegExp(password), "printed only at the first start");
  assert.match(second.stderr(), /generated at the first start/);
  assert.equal((await fetch(`${second.url}/status`, { headers: basic("admin", password) })).status, 200, "the same password after a restart");
});

const EXAMPLE_LIKE = (adminPassword: string) => `auth:
  enabled: true
  users:
    admin: {username: admin, password: "${adminPassword}", role: admin}
    watcher: {username: watcher, password: "change-me", role: monitor}
`;

test("only the generated password's hash is kept, and a password of one's own takes over from it", async (t) => {
  const server = await startTestServer({ "serviceconfig.yml": EXAMPLE_LIKE("change-me") });
  t.after(() => server.close());
  const hash = findServerSecret(server.app.db, INITIAL_ADMIN_SECRET);
  assert.match(hash ?? "", /^scrypt\$/, "an scrypt hash in server_secrets");
  assert.equal((await server.get("/status", { headers: basic("admin", "change-me") })).status, 401);
  server.writeConfig("serviceconfig.yml", EXAMPLE_LIKE("my-own-pw"));
  assert.equal((await server.get("/status", { headers: basic("admin", "my-own-pw") })).status, 200);
});

test("an empty password is no password, and a monitor with the example's cannot sign in", async (t) => {
  const server = await startTestServer({ "serviceconfig.yml": EXAMPLE_LIKE("") });
  t.after(() => server.close());
  assert.equal((await server.get("/status", { headers: basic("admin", "") })).status, 401, "an empty password does not sign in");
  assert.ok(findServerSecret(server.app.db, INITIAL_ADMIN_SECRET), "the admin gets a generated one");
  assert.equal((await server.get("/status", { headers: basic("watcher", "change-me") })).status, 401, "no generated password for others");
});
