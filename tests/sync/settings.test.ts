// switchboard.yml `sync:`: defaults, and each wrong value named as a config problem.
import assert from "node:assert/strict";
import { test } from "node:test";
import { validateSwitchboard } from "../../core/config/switchboard.ts";

const problemsOf = (raw: unknown) => validateSwitchboard(raw, "switchboard.yml").problems.map((p) => p.message);

test("without a sync section: 30-day tokens, country 49, the local SIP accounts, 5 s for a web service", () => {
  const { config, problems } = validateSwitchboard({}, "switchboard.yml");
  assert.deepEqual(problems, []);
  assert.deepEqual(config.sync, { token_days: 30, default_country: "49", external_auth: { url: null, timeout_seconds: 5 } });
});

test("sync settings as written are taken; a country code may be written with +", () => {
  const { config, problems } = validateSwitchboard({ sync: { token_days: 7, default_country: "+43", external_auth: { url: "https://auth.example.com/check", timeout_seconds: 3 } } }, "switchboard.yml");
  assert.deepEqual(problems, []);
  assert.deepEqual(config.sync, { token_days: 7, default_country: "43", external_auth: { url: "https://auth.example.com/check", timeout_seconds: 3 } });
});

test("an external_auth url must be https, or http to this machine only (the password is in the form)", () => {
  assert.match(problemsOf({ sync: { external_auth: { url: "http://auth.example.com/check" } } }).join(), /sync\.external_auth\.url must be an https URL/);
  assert.match(problemsOf({ sync: { external_auth: { url: "not a url" } } }).join(), /sync\.external_auth\.url/);
  assert.deepEqual(problemsOf({ sync: { external_auth: { url: "http://127.0.0.1:9000/x" } } }), []);
  assert.deepEqual(problemsOf({ sync: { external_auth: { url: "" } } }), [], "empty means none");
});

test("wrong values are named", () => {
  const problems = problemsOf({ sync: { token_days: 0, default_country: "DE", external_auth: { timeout_seconds: 600 } } });
  assert.equal(problems.length, 3);
  assert.match(problems[0], /sync\.token_days/);
  assert.match(problems[1], /sync\.default_country/);
  assert.match(problems[2], /sync\.external_auth\.timeout_seconds/);
  assert.match(problemsOf({ sync: "yes" }).join(), /sync must be a map/);
  assert.match(problemsOf({ sync: { external_auth: "https://x" } }).join(), /external_auth must be a map/);
});
