import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../cli.ts";

process.env.LOG_LEVEL = "silent";

async function run(args: string[], files: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-cli-"));
  for (const [f, y] of Object.entries(files)) writeFileSync(join(dir, f), y);
  process.env.SWITCHBOARD_CONFIG_DIR = dir;
  process.env.SWITCHBOARD_DB = join(dir, "s.sqlite");
  const lines: string[] = [];
  const code = await runCli(args, (l) => lines.push(l));
  return { code, out: lines.join("\n") };
}

test("help lists the commands; an unknown command exits 2", async () => {
  const help = await run([]);
  assert.equal(help.code, 0);
  assert.match(help.out, /config:check/);
  const unknown = await run(["nope"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.out, /Unknown command "nope"/);
});

test("config:check reports errors with file and line and exits 1", async () => {
  const bad = await run(["config:check"], { "phones.yml": "phones:\n  a:\n    mac: nope\n" });
  assert.equal(bad.code, 1);
  assert.match(bad.out, /error {3}phones\.yml:2: phone "a": mac "nope" is not a MAC address/);
  const good = await run(["config:check"], { "phones.yml": "phones:\n  a:\n    mac: '001122334455'\n", "common.yml": "common:\n  X: 1\n", "schema.yml": "schema:\n  flat_profile_params:\n    Y: ''\n" });
  assert.equal(good.code, 0);
  assert.match(good.out, /1 phones, 1 common parameters, 1 schema parameters/);
  assert.match(good.out, /warning common\.yml: parameter X is not in schema\.yml/);
});
