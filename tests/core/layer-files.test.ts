// models.yml, groups.yml and a phone's lines and keys as the config store reads them: a missing file is empty, a
// broken one names file and line and keeps its last good version, and the phone's lists are checked.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { ConfigStore } from "../../core/config/store.ts";

process.env.LOG_LEVEL = "silent";

function folder(t: TestContext, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-layers-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [f, y] of Object.entries(files)) writeFileSync(join(dir, f), y);
  return dir;
}

const MODELS = `models:\n  CP-8841-3PCC:\n    Time_Format: 24hr\n  "6841": {}\n`;

test("the seed's folder (no models.yml, no groups.yml) loads with empty layers and no error", (t) => {
  const store = new ConfigStore(folder(t, { "phones.yml": `phones:\n  a:\n    mac: "001122334455"\n` }));
  assert.equal(store.config.models.size, 0);
  assert.equal(store.config.groups.size, 0);
  assert.deepEqual(store.errors, []);
});

test("a broken models.yml names file and line and keeps its last good version", (t) => {
  const dir = folder(t, { "models.yml": MODELS });
  const store = new ConfigStore(dir);
  assert.deepEqual([...store.config.models.keys()].sort(), ["6841", "CP-8841-3PCC"]);
  writeFileSync(join(dir, "models.yml"), `models:\n  CP-8841-3PCC:\n    Time_Format: [12hr, 24hr]\n`);
  store.reload();
  assert.deepEqual(store.errors, [{ file: "models.yml", line: 3, message: "Time_Format: a parameter must be a single value or {value, ua}" }]);
  assert.equal(store.config.models.get("CP-8841-3PCC")?.get("Time_Format")?.value, "24hr");
  writeFileSync(join(dir, "groups.yml"), "groups:\n  sales: [a]\n");
  store.reload();
  assert.deepEqual(store.errors.find((e) => e.file === "groups.yml"), { file: "groups.yml", line: 2, message: 'group "sales" must be a map of parameters' });
});

test("a phone's group that groups.yml lacks, and a layer's unknown parameter, are warnings", (t) => {
  const store = new ConfigStore(folder(t, {
    "models.yml": "models:\n  CP-8841-3PCC:\n    Time_Formatt: 24hr\n",
    "phones.yml": `phones:\n  a:\n    mac: "001122334455"\n    group: sales\n`,
  }), { logWarnings: false });
  const warnings = store.config.warnings.join("\n");
  assert.match(warnings, /models\.yml: model "CP-8841-3PCC" parameter Time_Formatt .*Time_Format/);
  assert.match(warnings, /phones\.yml: phone "a": group "sales" is not in groups\.yml/);
});

test("lines, account and keys are checked: a malformed list is an error naming the phone", (t) => {
  const phones = `phones:
  both:
    account: a@sip.example.com
    lines: [b@sip.example.com]
  badkey:
    keys: [{type: park, target: "201"}]
  good:
    account: sip:c@sip.example.com
    keys: [{type: blf, target: "201", label: Reception}]
`;
  const store = new ConfigStore(folder(t, { "phones.yml": phones }));
  assert.deepEqual(store.errors.map((e) => e.message), [
    'phone "both": give either account or lines, not both',
    'phone "badkey": key 1: type must be blf or speeddial',
  ]);
  writeFileSync(join(store.dir, "phones.yml"), phones.replace(/ {2}both:[\s\S]*?(?= {2}good:)/, ""));
  const good = store.reload().phones.find((p) => p.id === "good")!;
  assert.deepEqual(good.lines, ["c@sip.example.com"]);
  assert.deepEqual(good.keys, [{ type: "blf", target: "201", label: "Reception" }]);
  assert.equal(good.params.size, 0, "none of them reaches the phone as a parameter");
});
