import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { ConfigStore } from "../../core/config/store.ts";
import { validateSwitchboard } from "../../core/config/switchboard.ts";

process.env.LOG_LEVEL = "silent";

/** A config folder of this test's own, removed after it. */
function folder(t: TestContext, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-config-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [f, y] of Object.entries(files)) writeFileSync(join(dir, f), y);
  return dir;
}

const PHONES = `phones:\n  phone-01:\n    mac: "00:11:22:33:44:55"\n    ip_address: "192.168.1.10"\n    Station_Name: "phone-01"\n`;

test("parameter values keep their text exactly as written", (t) => {
  const dir = folder(t, { "common.yml": "common:\n  A: 0600\n  B: Yes\n  C: true\n  D: 1.10\n  E: ''\n  F: {value: 007, ua: rw}\n  G: ~\n" });
  const { common } = new ConfigStore(dir).config;
  assert.deepEqual([...common.entries()], [
    ["A", { value: "0600" }], ["B", { value: "Yes" }], ["C", { value: "true" }], ["D", { value: "1.10" }],
    ["E", { value: "" }], ["F", { value: "007", ua: "rw" }], ["G", { value: "~" }],
  ]);
});

test("phones: a MAC in any form is normalized", (t) => {
  const [phone] = new ConfigStore(folder(t, { "phones.yml": `phones:\n  a:\n    mac: "AA-BB-CC-DD-EE-FF"\n` })).config.phones;
  assert.equal(phone.mac, "aabbccddeeff");
});

test("phones: YAML anchors work; our own keys are not parameters", (t) => {
  const dir = folder(t, { "phones.yml": `phones:\n  a:\n    mac: "AA-BB-CC-DD-EE-FF"\n    label: "Desk"\n    Station_Name: &n "desk"\n    Phone_Label: *n\n    iLBC_Enable_1_: "No"\n` });
  const [phone] = new ConfigStore(dir).config.phones;
  assert.equal(phone.label, "Desk");
  assert.deepEqual([...phone.params.keys()], ["Station_Name", "Phone_Label", "iLBC_Enable_1_"]);
  assert.equal(phone.params.get("Phone_Label")?.value, "desk");
});

test("a YAML syntax error names file and line and keeps the last good version", (t) => {
  const dir = folder(t, { "phones.yml": PHONES });
  const store = new ConfigStore(dir);
  assert.equal(store.config.phones.length, 1);
  writeFileSync(join(dir, "phones.yml"), "phones:\n  a: [1,\n  b: 2\n");
  store.reload();
  assert.equal(store.errors.length, 1);
  assert.equal(store.errors[0].file, "phones.yml");
  assert.equal(typeof store.errors[0].line, "number");
  assert.equal(store.config.phones[0]?.id, "phone-01", "last good phones still served");
});

test("once the file is fixed the error goes and the fixed file is used", (t) => {
  const dir = folder(t, { "phones.yml": "phones:\n  a: [1,\n  b: 2\n" });
  const store = new ConfigStore(dir);
  assert.equal(store.errors.length, 1);
  writeFileSync(join(dir, "phones.yml"), PHONES.replace("phone-01:", "phone-02:"));
  store.reload();
  assert.deepEqual(store.errors, []);
  assert.equal(store.config.phones[0].id, "phone-02");
});

test("validation errors: bad MAC, duplicate MAC, bad IP, bad ua, nested value", (t) => {
  const cases: [string, RegExp][] = [
    [`phones:\n  a:\n    mac: "zz"\n`, /"zz" is not a MAC address/],
    [`phones:\n  a:\n    mac: "001122334455"\n  b:\n    mac: "00:11:22:33:44:55"\n`, /already used by phone "a"/],
    [`phones:\n  a:\n    ip_address: "300.1.1.1"\n`, /not an IP address/],
    [`phones:\n  a:\n    X: {value: "1", ua: "xx"}\n`, /ua must be na, ro or rw/],
    [`phones:\n  a:\n    X: [1, 2]\n`, /a parameter must be a single value/],
    [`phones:\n  a:\n    b: 1\n  a:\n    b: 2\n`, /unique/],
  ];
  for (const [yaml, message] of cases) {
    const store = new ConfigStore(folder(t, { "phones.yml": yaml }));
    assert.match(store.errors.map((e) => e.message).join("\n"), message, yaml);
    assert.equal(store.config.phones.length, 0, "nothing from a broken file is used");
  }
});

test("an error line points at the offending entry", (t) => {
  const store = new ConfigStore(folder(t, { "phones.yml": `phones:\n  good:\n    mac: "001122334455"\n  bad:\n    mac: "nope"\n` }));
  assert.deepEqual(store.errors, [{ file: "phones.yml", line: 4, message: 'phone "bad": mac "nope" is not a MAC address' }]);
});

// Parameter-name warnings (schema.yml and the catalogue) are in config-warnings.test.ts.

const SERVICECONFIG = `discovery:\n  enabled: true\n  exclude_macs: ["AA:BB:CC:DD:EE:FF"]\nip_whitelist: ["10.0.0.0/8", "bogus"]\nauth:\n  enabled: true\n  users:\n    admin: {username: admin, password: x, role: admin}\n`;

test("serviceconfig: discovery mode and its excluded MACs, normalized", (t) => {
  const c = new ConfigStore(folder(t, { "serviceconfig.yml": SERVICECONFIG })).config;
  assert.ok(c.service.discovery.enabled);
  assert.ok(c.service.discovery.exclude_macs.has("aabbccddeeff"));
});

test("the allowlist holds ip_whitelist's ranges and every phone's ip_address; a bad entry is a warning", (t) => {
  const c = new ConfigStore(folder(t, { "serviceconfig.yml": SERVICECONFIG, "phones.yml": PHONES })).config;
  assert.ok(c.allowlist.has("10.1.2.3"));
  assert.ok(c.allowlist.has("192.168.1.10"), "phones' ip_address are allowed");
  assert.ok(!c.allowlist.has("192.168.1.11"), "nor more than that");
  assert.match(c.warnings.join(), /"bogus" is not an address/);
});

test("serviceconfig: auth users keep their role", (t) => {
  const c = new ConfigStore(folder(t, { "serviceconfig.yml": SERVICECONFIG })).config;
  assert.equal(c.service.auth.users[0].role, "admin");
});

test("monitoring.yml is read when serviceconfig.yml has no monitoring section", (t) => {
  const c = new ConfigStore(folder(t, { "serviceconfig.yml": SERVICECONFIG, "monitoring.yml": "monitoring:\n  metrics_enabled: false\n" })).config;
  assert.equal(c.service.monitoring.metrics_enabled, false);
});

test("switchboard.yml: public_url loses its trailing slash; what is not set takes its default", (t) => {
  const sb = new ConfigStore(folder(t, { "switchboard.yml": `public_url: "http://pbx.example.com:8080/"\ndirectory:\n  dial: {country_code: "43"}\n` })).config.switchboard;
  assert.equal(sb.public_url, "http://pbx.example.com:8080");
  assert.equal(sb.directory.dial.country_code, "43");
  assert.equal(sb.directory.dial.national_prefix, "0");
  assert.equal(sb.contacts.sync_interval_minutes, 15);
});

test("switchboard.<instance>.yml is merged over switchboard.yml", (t) => {
  const dir = folder(t, {
    "switchboard.yml": `public_url: "http://pbx.example.com:8080/"\ndirectory:\n  dial: {country_code: "43"}\n`,
    "switchboard.branch.yml": `name: "Branch"\n`,
  });
  const sb = new ConfigStore(dir, { instance: "branch" }).config.switchboard;
  assert.equal(sb.name, "Branch");
  assert.equal(sb.directory.dial.country_code, "43", "what the instance file does not say comes from switchboard.yml");
});

test("switchboard.yml: a public_url that is not http(s) is an error", (t) => {
  const bad = new ConfigStore(folder(t, { "switchboard.yml": `public_url: "ftp://x"\n` }));
  assert.match(bad.errors[0].message, /public_url must be an http\(s\) URL/);
});

test("firmware: an enabled update without URL is an error", (t) => {
  const store = new ConfigStore(folder(t, { "firmware.yml": "firmware:\n  update_enabled: true\n  expected_version: '12.0.1'\n" }));
  assert.match(store.errors[0].message, /needs expected_version and upgrade_url/);
  assert.equal(store.config.firmware.update_enabled, false, "falls back to defaults: no upgrades");
});

test("the folder watcher reloads after a change", async (t) => {
  let store: ConfigStore | undefined;
  t.after(() => store?.close()); // registered first, so it runs before the folder is removed
  const dir = folder(t, { "phones.yml": PHONES });
  store = new ConfigStore(dir);
  const reloaded = new Promise<void>((ok) => store!.onReload(() => ok()));
  store.watch(20);
  writeFileSync(join(dir, "phones.yml"), PHONES.replace("phone-01:", "phone-09:"));
  await reloaded;
  assert.equal(store.config.phones[0].id, "phone-09");
});

test("a switchboard.yml section that is not a map is a problem naming it, not a TypeError (fuzz finding)", () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ contacts: "sync" }, "contacts must be a map of settings"],
    [{ directory: { dial: [1] } }, "directory.dial must be a map of settings"],
    [{ accounts: null }, "accounts must be a map of settings"],
    [{ contacts: { providers: { microsoft: 5 } } }, "contacts.providers.microsoft must be a map of settings"],
  ];
  for (const [raw, message] of cases) {
    const { config, problems } = validateSwitchboard(raw, "switchboard.yml");
    assert.deepEqual(problems.map((p) => p.message), [message], JSON.stringify(raw));
    assert.equal(config.contacts.sync_interval_minutes, 15, "the defaults stay");
  }
});
