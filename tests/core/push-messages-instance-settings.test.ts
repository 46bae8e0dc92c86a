// switchboard.yml's push:, messages: and instance: sections: defaults, FlexiAPI's forms, and the mistakes that
// make the file a config error (the last good version stays).
import assert from "node:assert/strict";
import { test } from "node:test";
import { validateSwitchboard } from "../../core/config/switchboard.ts";
import { parseYaml } from "../../lib/yaml.ts";

const load = (yaml: string) => validateSwitchboard(parseYaml(yaml, "switchboard.yml"), "switchboard.yml");
const messages = (yaml: string) => load(yaml).problems.map((p) => p.message);

test("without the sections: no pusher, no daemon, no texts, FlexiAPI's 60-minute retry window", () => {
  const { config, problems } = load("public_url: http://pbx.example.com\n");
  assert.deepEqual(problems, []);
  assert.deepEqual(config.push, { pusher: null, firebase_key: null, firebase_keys: {}, retry_minutes: 60, timeout_seconds: 10 });
  assert.deepEqual(config.messages, { linphone_daemon_socket: null, timeout_seconds: 5 });
  assert.deepEqual(config.instance, { copyright: null, intro_registration: null });
});

test("FlexiAPI's keysmap text is read as a map, split at each pair's first colon", () => {
  const { config } = load('push:\n  firebase_keys: "com.example.app:AAAA:bbb-ccc other:k2"\n');
  assert.deepEqual(config.push.firebase_keys, { "com.example.app": "AAAA:bbb-ccc", other: "k2" });
});

test("a section that is not a map, a relative path or a bad number is a config error", () => {
  assert.deepEqual(messages("push: null\nmessages: [a]\ninstance: text\n"), ["push must be a map of settings", "messages must be a map of settings", "instance must be a map of settings"]);
  assert.deepEqual(messages("push:\n  pusher: bin/flexisip_pusher\n  retry_minutes: soon\n  firebase_keys: [a, b]\n"), [
    "push.pusher must be the absolute path of flexisip_pusher, or null",
    "push.firebase_keys must be a map of pn_param to key (or FlexiAPI's \"param:key param2:key2\")",
    "push.retry_minutes must be a number of minutes ≥ 0",
  ]);
  assert.deepEqual(messages("messages:\n  linphone_daemon_socket: daemon.sock\n  timeout_seconds: 0\n"), [
    "messages.linphone_daemon_socket must be the absolute path of the daemon's socket, or null",
    "messages.timeout_seconds must be a number of seconds > 0",
  ]);
  assert.deepEqual(messages("instance:\n  copyright: {a: 1}\n"), ["instance.copyright must be a text"]);
});

test("instance texts are kept as text (a number too); empty ones are none", () => {
  const { config } = load("instance:\n  copyright: 2025\n  intro_registration: ''\n");
  assert.deepEqual(config.instance, { copyright: "2025", intro_registration: null });
});
