// deploy/switchboard@.service, the one systemd unit (README "Deployment" and "Several instances" refer to it):
// systemd itself checks it, and it sets only the environment the server reads.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

const ROOT = join(import.meta.dirname, "..", "..");
const UNIT = join(ROOT, "deploy", "switchboard@.service");
const hasSystemdAnalyze = spawnSync("systemd-analyze", ["--version"]).status === 0;

test("systemd-analyze verify finds nothing to complain about in the unit, as an instance", { skip: hasSystemdAnalyze ? false : "systemd-analyze is not installed here (Debian: systemd); the unit is checked where it is" }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-unit-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  let unit = readFileSync(UNIT, "utf8");
  // verify also checks that ExecStart's program exists; where Node lives elsewhere, check the unit against it.
  if (!existsSync("/usr/bin/node")) unit = unit.replace("ExecStart=/usr/bin/node ", `ExecStart=${process.execPath} `);
  const instance = join(dir, "switchboard@main.service");
  writeFileSync(instance, unit);
  const run = spawnSync("systemd-analyze", ["verify", "--man=no", instance], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  // verify exits 0 on lines it ignores ("Unknown key", "Failed to parse"): any output about the unit is a finding.
  assert.equal(`${run.stdout}${run.stderr}`.split("\n").filter((l) => l.includes("switchboard@")).join("\n"), "");
});

test("the unit sets only environment variables the README documents, and runs server.ts", () => {
  const unit = readFileSync(UNIT, "utf8");
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const documented = new Set([...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]));
  const set = [...unit.matchAll(/^Environment=([A-Z_]+)=/gm)].map((m) => m[1]);
  assert.ok(set.includes("SWITCHBOARD_INSTANCE") && set.includes("SWITCHBOARD_DB"), set.join());
  for (const name of set) assert.ok(documented.has(name), `${name} is in README's Environment table`);
  assert.match(unit, /^ExecStart=\S*node .*--import tsx server\.ts$/m);
  assert.match(unit, /^WorkingDirectory=\/opt\/switchboard$/m);
});

test("the README has no unit of its own: it refers to deploy/switchboard@.service", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  assert.doesNotMatch(readme, /^\[Service\]$/m);
  assert.match(readme, /deploy\/switchboard@\.service/);
});
