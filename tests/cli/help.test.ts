// `npm run cli -- --help` (what the README tells people to type) lists every command with a one-line
// description, and the README's table of console commands is that same list.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../../cli.ts";
import { envFor } from "./env.ts";

process.env.LOG_LEVEL = "silent";
const ROOT = join(import.meta.dirname, "..", "..");
const COMMAND = /^ {2}([a-z]+(?::[a-z-]+)?)(?: (.*))?$/;

/** Command name → its description, from the help text (a long usage puts the description on the next line). */
function commandsOf(help: string): Map<string, string> {
  const lines = help.split("\n");
  const found = new Map<string, string>();
  lines.forEach((line, i) => {
    const m = COMMAND.exec(line);
    if (!m) return;
    const sameLine = / {2,}(\S.*)$/.exec(m[2] ?? "")?.[1];
    found.set(m[1], (sameLine ?? (/^ {10,}(\S.*)$/.exec(lines[i + 1] ?? "")?.[1] ?? "")).trim());
  });
  return found;
}

/** The names in README's "Console commands" table. */
function readmeCommands(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Console commands"), readme.indexOf("\n## ", readme.indexOf("## Console commands") + 1));
  return [...section.matchAll(/^\| `([a-z]+(?::[a-z-]+)?)[ `]/gm)].map((m) => m[1]);
}

test("npm run cli -- --help exits 0 and lists every command with a one-line description", () => {
  const run = spawnSync("npm", ["run", "cli", "--", "--help"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, SWITCHBOARD_CONFIG_DIR: tmpdir() } });
  assert.equal(run.status, 0, run.stderr);
  const commands = commandsOf(run.stdout);
  assert.ok(commands.size > 10, `only ${commands.size} commands found in:\n${run.stdout}`);
  for (const [name, description] of commands) assert.match(description, /^\S.{10,}$/, `${name} has a description`);
  assert.doesNotMatch(run.stdout, /Unknown command/);
});

test("the README's table of console commands is exactly the list --help gives", async () => {
  const lines: string[] = [];
  assert.equal(await runCli(["--help"], (l) => lines.push(l)), 0);
  assert.deepEqual(readmeCommands().sort(), [...commandsOf(lines.join("\n")).keys()].sort());
});

test("<command> --help explains the command instead of running it", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-cli-help-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  envFor(t, { SWITCHBOARD_CONFIG_DIR: dir, SWITCHBOARD_DB: join(dir, "s.sqlite") });
  const lines: string[] = [];
  assert.equal(await runCli(["schema:generate", "--help"], (l) => lines.push(l)), 0);
  assert.match(lines.join("\n"), /^Usage: npm run cli -- schema:generate/);
  assert.equal(existsSync(join(dir, "schema.yml")), false);
  assert.equal(existsSync(join(dir, "s.sqlite")), false, "not even the database was opened");
});
