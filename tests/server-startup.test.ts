// Starting the server from a shell: mistakes in the environment are one line that names what to fix, and config
// warnings are logged at start and at each reload, never per request.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { startServer } from "../server.ts";
import { makePki } from "./helpers/certificates.ts";
import { startTestServer } from "./helpers/server.ts";
import { captureLog } from "./helpers/log.ts";

const ROOT = join(import.meta.dirname, "..");

/** `node server.ts` with this environment; the tests below all expect it to exit by itself. */
function serverProcess(env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ["--import", "tsx", "server.ts"], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: "info", ...env }, timeout: 60_000 },
      (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, output: `${stdout}${stderr}`.trim() }));
  });
}

function scratch(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-startup-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("PORT=abc is one line that names PORT, exit 1", async (t) => {
  const dir = scratch(t);
  const r = await serverProcess({ PORT: "abc", SWITCHBOARD_CONFIG_DIR: dir, SWITCHBOARD_DB: join(dir, "s.sqlite") });
  assert.equal(r.code, 1);
  assert.equal(r.output, 'PORT must be a port number from 0 to 65535, not "abc".');
});

test("a config folder that does not exist is one line naming it at start, exit 1, no stack trace", async (t) => {
  const missing = join(scratch(t), "config");
  const r = await serverProcess({ PORT: "0", SWITCHBOARD_CONFIG_DIR: missing, SWITCHBOARD_DB: join(tmpdir(), "never-created.sqlite") });
  assert.equal(r.code, 1);
  assert.equal(r.output.split("\n").length, 1, r.output);
  assert.match(r.output, new RegExp(`^Switchboard could not start: The config folder ${missing} does not exist: .*SWITCHBOARD_CONFIG_DIR`));
});

test("config warnings are logged at start and at each reload, not per request", async (t) => {
  const lines = captureLog(t, "warn");
  const server = await startTestServer({
    "phones.yml": `phones:\n  desk:\n    mac: "001122334455"\n    Staton_Name: desk\n`,
    "common.yml": "common:\n  Time_Zone: GMT\n",
  });
  t.after(() => server.close());
  const logged = () => lines.filter((l) => /Staton_Name/.test(l)).length;
  assert.equal(logged(), 1, "at start");
  for (let i = 0; i < 3; i++) assert.equal((await server.get("/001122334455.xml")).status, 200);
  assert.equal(logged(), 1, "requests log nothing about the config");
  server.app.store.reload();
  assert.equal(logged(), 2, "again at a reload");
});

test("a config folder without phones.yml and common.yml says so on /status and the dashboard", async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  for (const path of ["/status", "/api/admin/dashboard"]) {
    const res = await server.get(path, { headers: { Accept: "application/json" } });
    assert.equal(res.status, 200, path);
    const warnings: string[] = JSON.parse(res.body).config.warnings;
    assert.ok(warnings.some((w) => /^phones\.yml is missing in /.test(w)), `${path}: ${warnings.join(" | ")}`);
    assert.ok(warnings.some((w) => /^common\.yml is missing in /.test(w)), path);
  }
});

test("an HTTPS certificate that does not exist is one line naming the file at start, exit 1", async (t) => {
  const dir = scratch(t);
  writeFileSync(join(dir, "switchboard.yml"), "tls: {port: 0, cert: tls/server.pem, key: tls/server.key}\n");
  // LOG_LEVEL=error: the missing phones.yml and common.yml are warnings, not the reason.
  const r = await serverProcess({ PORT: "0", SWITCHBOARD_CONFIG_DIR: dir, SWITCHBOARD_DB: join(dir, "s.sqlite"), LOG_LEVEL: "error" });
  assert.equal(r.code, 1);
  assert.equal(r.output, `Switchboard could not start: cannot read the TLS certificate ${join(dir, "tls/server.pem")}: no such file`);
});

test("an HTTPS key or client CA that cannot be used stops the start with a line naming that file", async (t) => {
  const dir = scratch(t);
  const pki = makePki();
  t.after(() => pki.remove());
  const other = pki.server("other");
  writeFileSync(join(dir, "server.pem"), readFileSync(pki.server("switchboard").cert));
  writeFileSync(join(dir, "other.key"), readFileSync(other.key));
  writeFileSync(join(dir, "ca.pem"), "not a certificate\n");
  mkdirSync(join(dir, "folder.pem"));
  const start = (tls: string) => {
    writeFileSync(join(dir, "switchboard.yml"), `tls: ${tls}\n`);
    return startServer({ port: 0, host: "127.0.0.1", configDir: dir, dbPath: join(dir, "s.sqlite"), watchConfig: false });
  };
  await assert.rejects(start("{port: 0, cert: server.pem, key: other.key}"), new RegExp(`^Error: the TLS private key ${join(dir, "other.key")} cannot be used: `));
  await assert.rejects(start("{port: 0, cert: folder.pem, key: other.key}"), { message: `cannot read the TLS certificate ${join(dir, "folder.pem")}: it is a folder` });
  writeFileSync(join(dir, "server.key"), readFileSync(pki.dir + "/switchboard.key"));
  await assert.rejects(start("{port: 0, cert: server.pem, key: server.key, client_ca: ca.pem}"), new RegExp(`^Error: the TLS client CA bundle ${join(dir, "ca.pem")} cannot be used: `));
});

test("make run: the server is make's own child (no tsx CLI process in between, as make bench measures it), and Ctrl-C stops it cleanly", async (t) => {
  const dir = scratch(t);
  const config = join(dir, "config");
  mkdirSync(config);
  for (const file of readdirSync(join(ROOT, "config")).filter((f) => f.endsWith(".example.yml"))) {
    writeFileSync(join(config, file.replace(".example", "")), readFileSync(join(ROOT, "config", file)));
  }
  // Its own process group, as a terminal gives a command: Ctrl-C signals the whole group.
  const make = spawn("make", ["--no-print-directory", "run"], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", SWITCHBOARD_CONFIG_DIR: config, SWITCHBOARD_DB: join(dir, "s.sqlite"), SWITCHBOARD_INSTANCE: "", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((done) => make.once("exit", () => done()));
  t.after(() => {
    if (make.exitCode === null && make.signalCode === null) process.kill(-make.pid!, "SIGKILL");
  });
  let output = "";
  await new Promise<void>((listening, fail) => {
    const timer = setTimeout(() => fail(new Error(`make run did not listen within 60 s:\n${output}`)), 60_000);
    for (const stream of [make.stdout, make.stderr]) {
      stream.on("data", (d) => {
        output += d;
        if (/listening on/.test(output)) clearTimeout(timer), listening();
      });
    }
    void exited.then(() => fail(new Error(`make run exited before listening:\n${output}`)));
  });

  const children = childrenOf(make.pid!);
  assert.equal(children.length, 1, `make has one child, the server: ${JSON.stringify(children.map(commandOf))}`);
  assert.deepEqual(commandOf(children[0]).slice(-3), ["--import", "tsx", "server.ts"]);
  assert.deepEqual(childrenOf(children[0]), [], "the server started no process of its own");

  process.kill(-make.pid!, "SIGINT");
  await exited;
  assert.match(output, /SIGINT: shutting down/);
});

/** The processes `pid` started (its main thread's, from /proc: make and node start their children from it). */
const childrenOf = (pid: number): number[] => readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean).map(Number);

const commandOf = (pid: number): string[] => readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
