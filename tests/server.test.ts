// The whole server: the MPP service's folder as is, health, static files, start-up errors.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test, type TestContext } from "node:test";
import { startServer, type RunningServer, type ServerOptions } from "../server.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { profileParams } from "./helpers/xml.ts";
import { configure } from "./mpp/configure.ts";

process.env.LOG_LEVEL = "silent";
const FIXTURE = join(import.meta.dirname, "fixtures", "mpp-service");

// The shared server serves files and answers /health; a test that breaks its config or database puts it
// back with t.after.
let server: TestServer;
before(async () => {
  server = await startTestServer({ "phones.yml": "phones: {}\n" });
});
after(() => server.close());

/** A server on a temporary config folder that `fill` writes (no test defaults); stopped, then removed, after the test. */
async function startOnFolder(t: TestContext, fill: (dir: string) => void, options: ServerOptions = {}): Promise<{ running: RunningServer; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-server-"));
  let running: RunningServer | undefined;
  t.after(async () => {
    await running?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  fill(dir);
  running = await startServer({ port: 0, host: "127.0.0.1", configDir: dir, dbPath: join(dir, "s.sqlite"), watchConfig: false, ...options });
  return { running, dir };
}

/** A server on a copy of the Python service's config folder. */
async function startOnSeedFolder(t: TestContext): Promise<RunningServer> {
  return (await startOnFolder(t, (dir) => cpSync(FIXTURE, dir, { recursive: true }))).running;
}
const profileFor = async (running: RunningServer, firmware: string) =>
  fetch(`${running.url}/001122334455.xml`, { headers: { "User-Agent": `Cisco-CP-6841-3PCC/${firmware} (001122334455)` } });

test("the Python service's config folder loads as is, without errors or warnings", async (t) => {
  const running = await startOnSeedFolder(t);
  assert.deepEqual(running.app.store.errors, []);
  assert.deepEqual(running.app.store.config.warnings, []);
});

test("the Python service's config folder serves its phones' profiles, YAML anchors resolved", async (t) => {
  const res = await profileFor(await startOnSeedFolder(t), "12.0.1");
  assert.equal(res.status, 200);
  const p = profileParams(await res.text());
  assert.equal(p.get("Station_Display_Name")?.value, "phone-01", "YAML anchors resolve");
  assert.equal(p.get("Extended_Function_2_")?.value, "fnc=sd;ext=161@$PROXY;nme=Security;");
  assert.equal(p.get("iLBC_Enable_1_")?.value, "Yes");
});

test("the Python service's firmware.yml upgrades its outdated phones", async (t) => {
  const old = await profileFor(await startOnSeedFolder(t), "11.3.7");
  assert.equal(profileParams(await old.text()).get("Upgrade_Enable")?.value, "Yes");
});

test("health is healthy, with the time", async () => {
  const ok = await server.get("/health");
  assert.equal(ok.status, 200);
  const body = JSON.parse(ok.body);
  assert.equal(body.status, "healthy");
  assert.ok(Date.parse(body.timestamp));
});

test("health is degraded (still 200) while a config error stands", async (t) => {
  configure(t, server, "phones.yml", "phones:\n  a: [\n");
  const bad = await server.get("/health");
  assert.equal(bad.status, 200);
  const b = JSON.parse(bad.body);
  assert.equal(b.status, "degraded");
  assert.equal(b.config.errors[0].file, "phones.yml");
});

test("health is degraded with 503 when the database does not take writes", async (t) => {
  const busyTimeout = server.app.db.pragma("busy_timeout", { simple: true });
  const holder = new (await import("better-sqlite3")).default(server.dbPath);
  t.after(() => {
    if (holder.inTransaction) holder.exec("ROLLBACK");
    holder.close();
    server.app.db.pragma(`busy_timeout = ${busyTimeout}`);
  });
  holder.pragma("busy_timeout = 0");
  holder.exec("BEGIN IMMEDIATE");
  server.app.db.pragma("busy_timeout = 0");
  const res = await server.get("/health");
  assert.equal(res.status, 503);
  assert.equal(JSON.parse(res.body).database, "not writable");
});

test("static files come with their content type", async () => {
  const css = await server.get("/css/style.css");
  assert.equal(css.status, 200);
  assert.equal(css.headers.get("content-type"), "text/css; charset=utf-8");
  assert.equal(css.headers.get("x-content-type-options"), "nosniff");
});

test("no path traversal: .., encoded dots, backslashes and dotfiles are 404", async () => {
  for (const path of ["/../package.json", "/css/../../package.json", "/%2e%2e/package.json", "/css/%2E%2E/%2e%2e/server.ts", "/css%2f..%2f..%2fpackage.json", "/..%5cpackage.json", "/css/..\\..\\package.json", "/.gitkeep", "/css/missing.css", "/css"]) {
    const res = await server.get(path);
    assert.equal(res.status, 404, path);
    assert.doesNotMatch(res.body, /"dependencies"|startServer/, path);
  }
});

test("a port in use is a clear one-line error", async (t) => {
  const blocker = createServer();
  await new Promise<void>((ok) => blocker.listen(0, "127.0.0.1", ok));
  t.after(() => blocker.close());
  const port = (blocker.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), "switchboard-port-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  chmodSync(dir, 0o755);
  const run = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "..", "server.ts")], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", SWITCHBOARD_CONFIG_DIR: dir, SWITCHBOARD_DB: join(dir, "s.sqlite") },
    encoding: "utf8",
    timeout: 20_000,
  });
  assert.equal(run.status, 1);
  assert.equal(run.stderr.trim(), `Port ${port} is already in use: stop the other server or set PORT=… (PORT=0 picks a free one).`);
});

test("an instance's own stylesheet replaces style.css when it has one", async (t) => {
  const { running, dir } = await startOnFolder(t, (dir) => {
    mkdirSync(join(dir, "css"));
    writeFileSync(join(dir, "css", "style.css"), "/* default */");
    writeFileSync(join(dir, "css", "acme.style.css"), "/* acme */");
  }, { instance: "acme" });
  running.app.publicDir = dir;
  assert.equal(await (await fetch(`${running.url}/css/style.css`)).text(), "/* acme */");
  running.app.instance = "other";
  assert.equal(await (await fetch(`${running.url}/css/style.css`)).text(), "/* default */", "no own stylesheet: the default");
});
