#!/usr/bin/env node
// A stand-in for Flexisip's flexisip_pusher: what the server gives it is its argv, so it records that, one JSON
// line per run, in the file FAKE_PUSHER_LOG names, then behaves as told: FAKE_PUSHER_SLEEP_MS (a pusher that
// hangs), FAKE_PUSHER_EXIT (the exit code; 0 = sent) and FAKE_PUSHER_STDERR (what it says on failure).
import { appendFileSync } from "node:fs";

const env = process.env;
if (env.FAKE_PUSHER_LOG) appendFileSync(env.FAKE_PUSHER_LOG, JSON.stringify({ argv: process.argv.slice(2) }) + "\n");
if (env.FAKE_PUSHER_SLEEP_MS) await new Promise((ok) => setTimeout(ok, Number(env.FAKE_PUSHER_SLEEP_MS)));
if (env.FAKE_PUSHER_STDERR) process.stderr.write(env.FAKE_PUSHER_STDERR + "\n");
process.exit(Number(env.FAKE_PUSHER_EXIT ?? 0));
