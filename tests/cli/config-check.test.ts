// config:check: warnings listed with their suggestion, --strict makes them fail the check, and a config folder
// that does not exist is one line. The last two run the real command line (exit code and output as a shell sees them).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { runCli } from "../../cli.ts";
import { envFor } from "./env.ts";

process.env.LOG_LEVEL = "silent";
const ROOT = join(import.meta.dirname, "..", "..");

const SOUND = {
  "phones.yml": "phones:\n  desk:\n    mac: '001122334455'\n",
  "common.yml": "common:\n  Time_Zone: GMT+01:00\n",
  "serviceconfig.yml": "auth:\n  enabled: false\n",
};
const TYPO = { ...SOUND, "common.yml": "common:\n  Time_zone: GMT+01:00\n" };

function folder(t: TestContext, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-check-"));
  for (const [f, y] of Object.entries(files)) writeFileSync(join(dir, f), y);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function check(t: TestContext, files: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string }> {
  const dir = folder(t, files);
  envFor(t, { SWITCHBOARD_CONFIG_DIR: dir, SWITCHBOARD_DB: join(dir, "s.sqlite") });
  const lines: string[] = [];
  const code = await runCli(["config:check", ...args], (l) => lines.push(l));
  return { code, out: lines.join("\n") };
}

/** The command line as a shell runs it: exit code, stdout and stderr. */
function cliProcess(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ["--import", "tsx", "cli.ts", ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: "info", ...env }, timeout: 60_000 },
      (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }));
  });
}

test("config:check lists a misspelt name with the name meant and still exits 0 without --strict", async (t) => {
  const r = await check(t, TYPO);
  assert.equal(r.code, 0);
  assert.match(r.out, /warning common\.yml: parameter Time_zone is not a known MPP parameter: did you mean Time_Zone\?/);
});

test("config:check --strict exits 1 on warnings and 0 on a folder without any", async (t) => {
  assert.equal((await check(t, TYPO, "--strict")).code, 1);
  const sound = await check(t, SOUND, "--strict");
  assert.equal(sound.code, 0, sound.out);
  assert.doesNotMatch(sound.out, /warning/);
});

test("config:check --strict from the shell: exit 1, each warning once on stdout and none logged on stderr", async (t) => {
  const dir = folder(t, TYPO);
  const r = await cliProcess({ SWITCHBOARD_CONFIG_DIR: dir, SWITCHBOARD_DB: join(dir, "s.sqlite") }, "config:check", "--strict");
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout.match(/Time_zone/g)?.length, 1);
  assert.doesNotMatch(r.stderr, /Time_zone/, "the command lists the warnings itself; the store does not log them too");
});

test("a config folder that does not exist is one line naming it, exit 1, no stack trace", async (t) => {
  const missing = join(folder(t, {}), "no-such-folder");
  const r = await cliProcess({ SWITCHBOARD_CONFIG_DIR: missing, SWITCHBOARD_DB: join(tmpdir(), "unused.sqlite") }, "config:check");
  assert.equal(r.code, 1);
  const lines = `${r.stdout}${r.stderr}`.trim().split("\n");
  assert.equal(lines.length, 1, lines.join("\n"));
  assert.match(lines[0], new RegExp(`config folder ${missing} does not exist.*SWITCHBOARD_CONFIG_DIR`));
});
