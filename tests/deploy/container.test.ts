// deploy/Dockerfile and deploy/compose.yml, linted here (no container engine builds them in this environment,
// README "Deployment" says so): the compose file is YAML naming the volumes and port the server uses, every
// COPY source exists, the image runs as a user and checks /health.
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { startTestServer } from "../helpers/server.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const DEPLOY = join(ROOT, "deploy");

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(): { op: string; args: string }[] {
  const text = readFileSync(join(DEPLOY, "Dockerfile"), "utf8").replace(/\\\n/g, " ");
  return text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#")).map((l) => {
    const [op, ...rest] = l.split(/\s+/);
    return { op: op.toUpperCase(), args: rest.join(" ") };
  });
}
const finalStage = () => {
  const all = instructions();
  return all.slice(all.map((i) => i.op).lastIndexOf("FROM"));
};
/** ENV of the final stage ("ENV A=1 B=2"). */
const imageEnv = () => Object.fromEntries(finalStage().filter((i) => i.op === "ENV").flatMap((i) => [...i.args.matchAll(/([A-Z_]+)=(\S+)/g)].map((m) => [m[1], m[2]])));

interface Compose {
  services: Record<string, { build: { context: string; dockerfile: string }; ports: string[]; environment?: Record<string, string>; volumes: string[] }>;
  volumes?: Record<string, unknown>;
}
const compose = () => parse(readFileSync(join(DEPLOY, "compose.yml"), "utf8")) as Compose;

test("every COPY source of the Dockerfile exists in the build context", () => {
  const service = Object.values(compose().services)[0];
  const context = resolve(DEPLOY, service.build.context);
  assert.equal(resolve(context, service.build.dockerfile), join(DEPLOY, "Dockerfile"), "compose builds this Dockerfile");
  const copies = instructions().filter((i) => i.op === "COPY" && !i.args.startsWith("--from"));
  assert.ok(copies.length > 0);
  for (const { args } of copies) {
    for (const source of args.split(/\s+/).slice(0, -1)) assert.ok(existsSync(join(context, source)), `COPY ${source}`);
  }
});

test("the image holds every tracked top-level file and folder the server needs at run time", () => {
  const copied = new Set(finalStage().filter((i) => i.op === "COPY").flatMap((i) => i.args.split(/\s+/).slice(0, -1)));
  // Not needed to run: tests, benchmarks, docs, deployment files, the examples (config is mounted), tooling.
  const notAtRunTime = new Set(["tests", "bench", "grafana", "deploy", "config", "storage", "Makefile", "README.md"]);
  const tracked = execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean).map((f) => f.split("/")[0]);
  for (const entry of new Set(tracked)) {
    if (entry.startsWith(".") || notAtRunTime.has(entry)) continue;
    assert.ok(copied.has(entry), `${entry} is copied into the image (or listed here as not needed at run time)`);
  }
});

test("the compose file mounts the config folder and the database folder where the image's server looks", () => {
  const env = imageEnv();
  const { services, volumes } = compose();
  const service = Object.values(services)[0];
  const mounts = new Map(service.volumes.map((v) => [v.split(":")[1], v.split(":")[0]]));
  assert.ok(mounts.has(env.SWITCHBOARD_CONFIG_DIR), `a volume at ${env.SWITCHBOARD_CONFIG_DIR}`);
  assert.equal(resolve(DEPLOY, mounts.get(env.SWITCHBOARD_CONFIG_DIR)!), join(ROOT, "config"), "the repository's config folder");
  const storage = mounts.get(dirname(env.SWITCHBOARD_DB));
  assert.ok(storage, `a volume at ${dirname(env.SWITCHBOARD_DB)}`);
  assert.ok(volumes && storage in volumes, `the named volume ${storage} is declared`);
});

test("the compose port mapping reaches the port the server listens on in the container", () => {
  const env = imageEnv();
  const service = Object.values(compose().services)[0];
  const port = service.environment?.PORT ?? env.PORT;
  assert.deepEqual(service.ports.map((p) => p.split(":").at(-1)), [port]);
  assert.ok(finalStage().some((i) => i.op === "EXPOSE" && i.args === port), `EXPOSE ${port}`);
  assert.equal(env.HOST, "0.0.0.0", "listens on the container's addresses");
});

test("the image runs as a user, not root, checks /health, and builds better-sqlite3 where no binary fits", () => {
  const last = finalStage();
  const user = last.filter((i) => i.op === "USER").at(-1)?.args;
  assert.ok(user && user !== "root" && user !== "0", `USER ${user}`);
  assert.match(last.find((i) => i.op === "HEALTHCHECK")?.args ?? "", /\/health/);
  assert.match(last.find((i) => i.op === "CMD")?.args ?? "", /server\.ts/);
  const build = instructions().slice(0, instructions().map((i) => i.op).lastIndexOf("FROM"));
  assert.ok(build.some((i) => i.op === "RUN" && /python3/.test(i.args) && /g\+\+/.test(i.args) && /make/.test(i.args)), "node-gyp's tools in the build stage");
  assert.ok(build.some((i) => i.op === "RUN" && /npm ci/.test(i.args) && /better-sqlite3/.test(i.args)), "the native module is loaded once after npm ci");
});

test("the image's health check, run as Docker runs it, passes against a running server and fails without one", async (t) => {
  const healthcheck = finalStage().find((i) => i.op === "HEALTHCHECK")!.args;
  // The exec form must be a JSON array, or Docker silently runs the text through a shell.
  const argv = JSON.parse(/CMD (\[.*\])$/.exec(healthcheck)![1]) as string[];
  assert.equal(argv[0], "node");
  assert.ok(Array.isArray(JSON.parse(/^(\[.*\])$/.exec(finalStage().find((i) => i.op === "CMD")!.args)![1])), "CMD in exec form");
  const server = await startTestServer();
  t.after(() => server.close());
  // Not spawnSync: the server under test answers from this process's event loop.
  const check = (port: number) => new Promise<number | null>((done) => {
    execFile(process.execPath, argv.slice(1), { env: { ...process.env, PORT: String(port) }, timeout: 20_000 }, (err) => done(err ? (err.code as number | null) ?? null : 0));
  });
  assert.equal(await check(server.port), 0);
  const port = server.port;
  await server.close();
  assert.equal(await check(port), 1);
});

test("the build context leaves out node_modules, the database and the real config files", () => {
  const ignore = readFileSync(join(DEPLOY, "Dockerfile.dockerignore"), "utf8").split("\n");
  for (const entry of ["node_modules", "storage", "config/*.yml"]) assert.ok(ignore.includes(entry), entry);
});
