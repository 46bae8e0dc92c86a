// schema:generate and schema:verify read the report of the phone or model the admin names, not the newest
// report of whatever phone reported last. Each test has its own config folder and database with three phones'
// reports: a 6841 ("desk"), then an 8851 ("boss"), then another 6841 (not in phones.yml), newest last.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { runCli } from "../../cli.ts";
import { openDatabase } from "../../db/open.ts";
import { addReport } from "../../db/reports.ts";
import { parseYaml } from "../../lib/yaml.ts";
import { envFor } from "./env.ts";

process.env.LOG_LEVEL = "silent";

const PHONES = `phones:
  desk:
    mac: "00:11:22:33:44:55"
    label: Front desk
  boss:
    mac: "00:11:22:33:44:66"
  nomac:
    label: Spare
`;

const REPORTS = [
  { mac: "001122334455", model: "CP-6841-3PCC", params: { Station_Name: "desk", Line_Enable_1_: "Yes" } },
  { mac: "001122334466", model: "CP-8851-3PCC", params: { Station_Name: "boss", Line_Enable_10_: "No", Unit_1_Key_1_: "" } },
  { mac: "0011223344aa", model: "CP-6841-3PCC", params: { Station_Name: "stranger", Line_Enable_2_: "Yes" } },
];

function workspace(t: TestContext, reports = REPORTS): string {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-schema-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "phones.yml"), PHONES);
  const dbPath = join(dir, "s.sqlite");
  const db = openDatabase(dbPath);
  reports.forEach((r, i) => addReport(db, {
    mac: r.mac, receivedAt: `2025-08-0${i + 1}T10:00:00Z`, clientIp: "10.0.0.5", userAgent: `Cisco-${r.model}/12.0.1 (${r.mac})`,
    reportType: "config", paramsJson: JSON.stringify(r.params), paramCount: Object.keys(r.params).length, rawXml: "<flat-profile/>",
  }, 50));
  db.close();
  envFor(t, { SWITCHBOARD_CONFIG_DIR: dir, SWITCHBOARD_DB: dbPath });
  return dir;
}

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await runCli(argv, (l) => lines.push(l));
  return { code, out: lines.join("\n") };
}

const schemaNames = (dir: string) =>
  Object.keys((parseYaml(readFileSync(join(dir, "schema.yml"), "utf8"), "schema.yml", true) as { schema: { flat_profile_params: object } }).schema.flat_profile_params);

test("schema:generate <phone ID> reads that phone's newest report, not a newer one of another phone", async (t) => {
  const dir = workspace(t);
  const gen = await cli("schema:generate", "desk");
  assert.equal(gen.code, 0, gen.out);
  assert.deepEqual(schemaNames(dir), ["Line_Enable_1_", "Station_Name"]);
});

test("schema:generate takes a phone's label or its MAC in any form", async (t) => {
  const dir = workspace(t);
  assert.equal((await cli("schema:generate", "front desk")).code, 0);
  assert.deepEqual(schemaNames(dir), ["Line_Enable_1_", "Station_Name"]);
  assert.equal((await cli("schema:generate", "00-11-22-33-44-AA")).code, 0, "a phone that is not in phones.yml");
  assert.deepEqual(schemaNames(dir), ["Line_Enable_2_", "Station_Name"]);
});

test("schema:generate <model> reads the newest report of a phone of that model, however the model is written", async (t) => {
  const dir = workspace(t);
  for (const model of ["CP-8851-3PCC", "8851", "cp-8851"]) {
    const gen = await cli("schema:generate", model);
    assert.equal(gen.code, 0, `${model}: ${gen.out}`);
    assert.deepEqual(schemaNames(dir), ["Line_Enable_10_", "Station_Name", "Unit_1_Key_1_"], model);
  }
  assert.equal((await cli("schema:generate", "6841")).code, 0);
  assert.deepEqual(schemaNames(dir), ["Line_Enable_2_", "Station_Name"], "the newest 6841 report");
});

test("schema:generate without an argument refuses to pick one of several models, lists them and writes nothing", async (t) => {
  const dir = workspace(t);
  const gen = await cli("schema:generate");
  assert.equal(gen.code, 2);
  assert.match(gen.out, /Phones of 2 models have reported: CP-6841-3PCC \(e\.g\. 00:11:22:33:44:aa\), CP-8851-3PCC \(e\.g\. 00:11:22:33:44:66\)/);
  assert.ok(!existsSync(join(dir, "schema.yml")));
});

test("schema:generate without an argument uses the newest report when every phone is one model", async (t) => {
  const dir = workspace(t, [REPORTS[0], REPORTS[2]]);
  assert.equal((await cli("schema:generate")).code, 0);
  assert.deepEqual(schemaNames(dir), ["Line_Enable_2_", "Station_Name"]);
});

test("what names no phone, MAC or model, a phone without a mac, or a model without reports says so", async (t) => {
  workspace(t);
  const nothing = await cli("schema:generate", "kitchen");
  assert.equal(nothing.code, 2);
  assert.match(nothing.out, /"kitchen" is not a phone of phones\.yml, a MAC address or a phone model/);
  assert.match((await cli("schema:generate", "nomac")).out, /Phone "nomac" has no mac in phones\.yml/);
  const model = await cli("schema:verify", "CP-7832-3PCC");
  assert.equal(model.code, 1);
  assert.match(model.out, /No config report from a CP-7832-3PCC yet/);
});

test("schema:verify <model> checks schema.yml against that model's report", async (t) => {
  const dir = workspace(t);
  writeFileSync(join(dir, "schema.yml"), "schema:\n  flat_profile_params:\n    Station_Name: ''\n    Line_Enable_1_: ''\n");
  assert.equal((await cli("schema:verify", "desk")).code, 0);
  const verify = await cli("schema:verify", "8851");
  assert.equal(verify.code, 1);
  assert.match(verify.out, /lacks 2 parameters/);
});
