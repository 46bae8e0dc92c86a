import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { runCli } from "../cli.ts";
import { envFor } from "./cli/env.ts";

process.env.LOG_LEVEL = "silent";

/** Runs the CLI on a config folder and database of this test's own (removed, and the environment restored, after it). */
async function run(t: TestContext, args: string[], files: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-cli-"));
  for (const [f, y] of Object.entries(files)) writeFileSync(join(dir, f), y);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  envFor(t, { SWITCHBOARD_CONFIG_DIR: dir, SWITCHBOARD_DB: join(dir, "s.sqlite") });
  const lines: string[] = [];
  const code = await runCli(args, (l) => lines.push(l));
  return { code, out: lines.join("\n") };
}

test("without a command the CLI lists the commands and exits 0", async (t) => {
  const help = await run(t, []);
  assert.equal(help.code, 0);
  assert.match(help.out, /config:check/);
});

test("an unknown command is named and exits 2", async (t) => {
  const unknown = await run(t, ["nope"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.out, /Unknown command "nope"/);
});

test("config:check reports errors with file and line and exits 1", async (t) => {
  const bad = await run(t, ["config:check"], { "phones.yml": "phones:\n  a:\n    mac: nope\n" });
  assert.equal(bad.code, 1);
  assert.match(bad.out, /error {3}phones\.yml:2: phone "a": mac "nope" is not a MAC address/);
});

test("config:check lists the lines the SIP accounts cannot fill (with --strict they fail it)", async (t) => {
  const phones = "phones:\n  a:\n    mac: '001122334455'\n    account: nobody@sip.example.com\n";
  const checked = await run(t, ["config:check", "--strict"], { "phones.yml": phones });
  assert.equal(checked.code, 1);
  assert.match(checked.out, /warning phones\.yml: phone "a": line 1: there is no SIP account nobody@sip\.example\.com/);
});

test("config:check of a sound folder counts what it read, warns of unknown parameter names and exits 0", async (t) => {
  const good = await run(t, ["config:check"], { "phones.yml": "phones:\n  a:\n    mac: '001122334455'\n", "common.yml": "common:\n  X: 1\n", "schema.yml": "schema:\n  flat_profile_params:\n    Y: ''\n" });
  assert.equal(good.code, 0);
  assert.match(good.out, /1 phones, 1 common parameters, 1 schema parameters/);
  assert.match(good.out, /warning common\.yml: parameter X is not a known MPP parameter/);
});
