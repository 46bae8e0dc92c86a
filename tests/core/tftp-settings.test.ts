// switchboard.yml's tftp: section: DESIGN §4.1's defaults (off, all addresses, port 69), and the mistakes that make
// the file a config error (the last good version stays).
import assert from "node:assert/strict";
import { test } from "node:test";
import { validateSwitchboard } from "../../core/config/switchboard.ts";
import { parseYaml } from "../../lib/yaml.ts";

const load = (yaml: string) => validateSwitchboard(parseYaml(yaml, "switchboard.yml"), "switchboard.yml");
const messages = (yaml: string) => load(yaml).problems.map((p) => p.message);

test("without the section TFTP is off, on every address and port 69, with bounded transfers", () => {
  const { config, problems } = load("public_url: http://pbx.example.com\n");
  assert.deepEqual(problems, []);
  assert.deepEqual(config.tftp, { enabled: false, host: "0.0.0.0", port: 69, max_transfers: 64, timeout_seconds: 1, retries: 5 });
});

test("a partial section keeps the other defaults", () => {
  const { config, problems } = load("tftp: {enabled: true, port: 6969}\n");
  assert.deepEqual(problems, []);
  assert.deepEqual([config.tftp.enabled, config.tftp.host, config.tftp.port, config.tftp.retries], [true, "0.0.0.0", 6969, 5]);
});

test("a section that is not a map, a host that is no address or numbers out of range are config errors", () => {
  assert.deepEqual(messages("tftp: yes\n"), ["tftp must be a map of settings: {enabled, host, port}"]);
  assert.deepEqual(messages('tftp: {enabled: "on", host: pbx.example.com, port: 70000, timeout_seconds: 0, retries: -1, max_transfers: 1.5}\n'), [
    'tftp.enabled must be true or false, got "on"',
    'tftp.host must be an IP address to listen on ("0.0.0.0" for all), got "pbx.example.com"',
    "tftp.port must be a whole number from 0 to 65535, got 70000",
    "tftp.max_transfers must be a whole number from 1 to 10000, got 1.5",
    "tftp.timeout_seconds must be a whole number from 1 to 255, got 0",
    "tftp.retries must be a whole number from 0 to 20, got -1",
  ]);
});
