import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { runCli } from "../../cli.ts";
import { verifyPassword } from "../../lib/basic-auth.ts";
import { parseYaml } from "../../lib/yaml.ts";

const root = mkdtempSync(join(tmpdir(), "switchboard-cli-"));
const configDir = join(root, "config");
const reportsDir = join(root, "reports");

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await runCli(argv, (l) => lines.push(l));
  return { code, out: lines.join("\n") };
}

const seedReport = (mac: string, timestamp: string, data: Record<string, unknown>) =>
  JSON.stringify({ timestamp, mac_address: mac, report_type: "config", client_ip: "10.0.0.5", user_agent: "Cisco-CP-6841-3PCC/12.0.1 (001122334455)", data });

before(() => {
  mkdirSync(configDir);
  mkdirSync(reportsDir);
  process.env.SWITCHBOARD_CONFIG_DIR = configDir;
  process.env.SWITCHBOARD_DB = join(root, "db.sqlite");
  writeFileSync(join(configDir, "serviceconfig.yml"), "reports: {retention: 5}\n");
  writeFileSync(join(configDir, "schema.yml"), "schema:\n  flat_profile_params:\n    Station_Name: ''\n");
  writeFileSync(join(reportsDir, "001122334455_config_20250808_103000.json"), seedReport("001122334455", "2025-08-08T10:30:00", {
    Station_Name: "old", raw_xml: "<flat-profile/>",
  }));
  writeFileSync(join(reportsDir, "001122334455_config_20250809_103000.json"), seedReport("00:11:22:33:44:55", "2025-08-09T10:30:00", {
    Station_Name: "desk", Admin_Password: "hunter2", Long_Value: "x".repeat(101), Time_Format: "24hr", Port: 5060,
  }));
  writeFileSync(join(reportsDir, "broken.json"), "{not json");
});
after(() => rmSync(root, { recursive: true, force: true }));

test("reports:import reads the Python service's reports folder once", async () => {
  const first = await cli("reports:import", reportsDir);
  assert.equal(first.code, 1, "an unreadable file is reported");
  assert.match(first.out, /skipped broken\.json: not valid JSON/);
  assert.match(first.out, /Imported 2 reports/);
  const again = await cli("reports:import", reportsDir);
  assert.match(again.out, /Imported 0 reports \(2 already there/);
  assert.equal((await cli("reports:import", join(root, "nope"))).code, 2);
});

test("schema:verify lists what schema.yml lacks; schema:generate rewrites it from the newest report", async () => {
  const verify = await cli("schema:verify");
  assert.equal(verify.code, 1);
  assert.match(verify.out, /lacks 4 parameters/);
  assert.match(verify.out, /^ {2}Admin_Password$/m);
  const gen = await cli("schema:generate", "--mac", "00-11-22-33-44-55");
  assert.equal(gen.code, 0, gen.out);
  assert.ok(readdirSync(configDir).some((f) => /^schema\.yml\..*\.bak$/.test(f)), "the old file is backed up");
  const schema = parseYaml(readFileSync(join(configDir, "schema.yml"), "utf8"), "schema.yml", true) as { schema: { flat_profile_params: Record<string, string>; xml_structure: unknown } };
  assert.deepEqual(schema.schema.flat_profile_params, { Admin_Password: "", Long_Value: "", Port: "5060", Station_Name: "desk", Time_Format: "24hr" });
  assert.deepEqual(schema.schema.xml_structure, { device: { "flat-profile": "DYNAMIC_PARAMS" } });
  assert.equal((await cli("schema:verify")).code, 0);
  assert.equal((await cli("schema:verify", "--mac", "0011223344ff")).code, 1);
  assert.match((await cli("schema:generate", "--mac", "bad")).out, /not a MAC address/);
});

test("reports:prune applies the retention", async () => {
  writeFileSync(join(configDir, "serviceconfig.yml"), "reports: {retention: 1}\n");
  assert.match((await cli("reports:prune")).out, /Deleted 1 reports \(keeping the newest 1 per phone\)/);
});

test("auth:hash-password prints an scrypt hash serviceconfig.yml accepts", async () => {
  const { code, out } = await cli("auth:hash-password", "s3cret word");
  assert.equal(code, 0);
  assert.match(out, /^scrypt\$/);
  assert.ok(verifyPassword("s3cret word", out));
  assert.ok(!verifyPassword("other", out));
});

test("help lists the new commands", async () => {
  const { out } = await cli("help");
  for (const name of ["schema:generate", "schema:verify", "reports:import <dir>", "reports:prune", "auth:hash-password"]) assert.ok(out.includes(name), name);
});
