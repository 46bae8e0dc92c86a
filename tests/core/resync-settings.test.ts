// switchboard.yml's resync: section: DESIGN §4.1's defaults (8 at a time, no AMI), the AMI's default port, and the
// mistakes that make the file a config error (SIP NOTIFY then stays off).
import assert from "node:assert/strict";
import { test } from "node:test";
import { validateSwitchboard } from "../../core/config/switchboard.ts";
import { parseYaml } from "../../lib/yaml.ts";

const load = (yaml: string) => validateSwitchboard(parseYaml(yaml, "switchboard.yml"), "switchboard.yml");

test("without the section 8 phones are asked at once, 5 s each, without SIP NOTIFY; an AMI gets port 5038 by default", () => {
  assert.deepEqual(load("public_url: http://pbx.example.com\n").config.resync, { concurrency: 8, timeout_seconds: 5, ami: null });
  const { config, problems } = load("resync: {ami: {host: pbx.lan, username: sb, secret: s3cret}}\n");
  assert.deepEqual(problems, []);
  assert.deepEqual(config.resync.ami, { host: "pbx.lan", port: 5038, username: "sb", secret: "s3cret" });
});

test("numbers out of range and an incomplete AMI are config errors that name the key, never the secret", () => {
  const { config, problems } = load("resync: {concurrency: 0, timeout_seconds: 600, ami: {host: pbx.lan, secret: s3cret}}\n");
  const messages = problems.map((p) => p.message);
  assert.deepEqual(messages, [
    "resync.concurrency must be a whole number from 1 to 64, got 0",
    "resync.timeout_seconds must be a whole number from 1 to 60, got 600",
    "resync.ami must be null or {host, port (5038), username, secret}: SIP NOTIFY is off until it is",
  ]);
  assert.deepEqual(config.resync, { concurrency: 8, timeout_seconds: 5, ami: null });
  assert.ok(!messages.join().includes("s3cret"));
  assert.equal(load("resync: {ami: yes}\n").config.resync.ami, null, "not a map");
});
