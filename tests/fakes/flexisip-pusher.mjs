#!/usr/bin/env node
// A stand-in for Flexisip's flexisip_pusher: what the server gives it is its argv, so it records that, one JSON
// line per run, then behaves as told. The server runs programs with a minimal environment (none of ours), so the
// test tells it what to do in `fake-pusher.json` beside this script (the test runs a copy in a folder of its own):
// {log: file to append to, sleepMs: hang that long, exit: the exit code (0 = sent), stderr: what to say}.
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const controlFile = join(dirname(fileURLToPath(import.meta.url)), "fake-pusher.json");
const control = existsSync(controlFile) ? JSON.parse(readFileSync(controlFile, "utf8")) : {};
if (control.log) appendFileSync(control.log, JSON.stringify({ argv: process.argv.slice(2) }) + "\n");
if (control.sleepMs) await new Promise((ok) => setTimeout(ok, Number(control.sleepMs)));
if (control.stderr) process.stderr.write(control.stderr + "\n");
process.exit(Number(control.exit ?? 0));
