// `make test-isolated`: every test of every file runs alone, in its own process (with its file's hooks), two at a
// time. A test that passes in the suite but fails alone depends on what an earlier test left behind.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

const files = process.argv.slice(2);
const jobs: { file: string; name: string }[] = [];
for (const file of files) {
  const source = readFileSync(file, "utf8");
  for (const m of source.matchAll(/^test\((["'`])((?:\\.|(?!\1).)*)\1/gm)) jobs.push({ file, name: m[2].replace(/\\(.)/g, "$1") });
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
function run(job: { file: string; name: string }): Promise<boolean> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--test", `--test-name-pattern=^${escape(job.name)}$`, job.file], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", () => {
      const passed = /^# pass 1$/m.test(out) && /^# fail 0$/m.test(out);
      if (!passed) process.stderr.write(`FAIL alone: ${job.file} › ${job.name}\n${out.split("\n").filter((l) => /not ok|error|Error|expected|actual/.test(l)).slice(0, 12).join("\n")}\n`);
      done(passed);
    });
  });
}

let failed = 0;
let next = 0;
await Promise.all([0, 1].map(async () => {
  while (next < jobs.length) if (!(await run(jobs[next++]))) failed++;
}));
console.log(`${jobs.length} tests run alone, ${failed} failed`);
process.exit(failed ? 1 : 0);
