// The MPP commands of the CLI. Each test gets its own config folder, reports folder and database (the CLI finds
// them through SWITCHBOARD_CONFIG_DIR and SWITCHBOARD_DB, set for the test and restored after it).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { runCli } from "../../cli.ts";
import { verifyPassword } from "../../lib/basic-auth.ts";
import { parseYaml } from "../../lib/yaml.ts";
import { envFor } from "./env.ts";

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await runCli(argv, (l) => lines.push(l));
  return { code, out: lines.join("\n") };
}

const seedReport = (mac: string, timestamp: string, data: Record<string, unknown>) =>
  JSON.stringify({ timestamp, mac_address: mac, report_type: "config", client_ip: "10.0.0.5", user_agent: "Cisco-CP-6841-3PCC/12.0.1 (001122334455)", data });

/**
 * A folder for this test: config/ (retention 5, a schema.yml that knows only Station_Name), reports/ as the
 * Python service left it (two reports of one phone and a broken file) and the database the CLI opens.
 */
function workspace(t: TestContext): { root: string; configDir: string; reportsDir: string } {
  const root = mkdtempSync(join(tmpdir(), "switchboard-cli-"));
  const configDir = join(root, "config");
  const reportsDir = join(root, "reports");
  mkdirSync(configDir);
  mkdirSync(reportsDir);
  writeFileSync(join(configDir, "serviceconfig.yml"), "reports: {retention: 5}\n");
  writeFileSync(join(configDir, "schema.yml"), "schema:\n  flat_profile_params:\n    Station_Name: ''\n");
  writeFileSync(join(reportsDir, "001122334455_config_20250808_103000.json"), seedReport("001122334455", "2025-08-08T10:30:00", {
    Station_Name: "old", raw_xml: "<flat-profile/>",
  }));
  writeFileSync(join(reportsDir, "001122334455_config_20250809_103000.json"), seedReport("00:11:22:33:44:55", "2025-08-09T10:30:00", {
    Station_Name: "desk", Admin_Password: "hunter2", Long_Value: "x".repeat(101), Time_Format: "24hr", Port: 5060,
  }));
  writeFileSync(join(reportsDir, "broken.json"), "{not json");
  t.after(() => rmSync(root, { recursive: true, force: true }));
  envFor(t, { SWITCHBOARD_CONFIG_DIR: configDir, SWITCHBOARD_DB: join(root, "db.sqlite") });
  return { root, configDir, reportsDir };
}

/** A workspace whose reports are already imported. */
async function imported(t: TestContext): Promise<{ configDir: string }> {
  const w = workspace(t);
  assert.match((await cli("reports:import", w.reportsDir)).out, /Imported 2 reports/);
  return w;
}

test("reports:import reads the Python service's reports folder and names the files it cannot read", async (t) => {
  const { reportsDir } = workspace(t);
  const first = await cli("reports:import", reportsDir);
  assert.equal(first.code, 1, "an unreadable file is reported");
  assert.match(first.out, /skipped broken\.json: not valid JSON/);
  assert.match(first.out, /Imported 2 reports/);
});

test("reports:import imports a report only once", async (t) => {
  const { reportsDir } = workspace(t);
  await cli("reports:import", reportsDir);
  const again = await cli("reports:import", reportsDir);
  assert.match(again.out, /Imported 0 reports \(2 already there/);
});

test("reports:import of a folder that does not exist exits 2", async (t) => {
  const { root } = workspace(t);
  assert.equal((await cli("reports:import", join(root, "nope"))).code, 2);
});

test("schema:verify lists what schema.yml lacks against the newest report", async (t) => {
  await imported(t);
  const verify = await cli("schema:verify");
  assert.equal(verify.code, 1);
  assert.match(verify.out, /lacks 4 parameters/, "the older report has only Station_Name, which schema.yml has");
  assert.match(verify.out, /^ {2}Admin_Password$/m);
});

test("schema:generate rewrites schema.yml from the newest report and backs up the old file", async (t) => {
  const { configDir } = await imported(t);
  const gen = await cli("schema:generate", "--mac", "00-11-22-33-44-55");
  assert.equal(gen.code, 0, gen.out);
  assert.ok(readdirSync(configDir).some((f) => /^schema\.yml\..*\.bak$/.test(f)), "the old file is backed up");
  const schema = parseYaml(readFileSync(join(configDir, "schema.yml"), "utf8"), "schema.yml", true) as { schema: { flat_profile_params: Record<string, string>; xml_structure: unknown } };
  assert.deepEqual(schema.schema.flat_profile_params, { Admin_Password: "", Long_Value: "", Port: "5060", Station_Name: "desk", Time_Format: "24hr" });
  assert.deepEqual(schema.schema.xml_structure, { device: { "flat-profile": "DYNAMIC_PARAMS" } });
  assert.equal((await cli("schema:verify")).code, 0, "the generated schema lacks nothing");
});

test("schema:verify --mac of a phone without a config report fails and says why", async (t) => {
  await imported(t);
  const verify = await cli("schema:verify", "--mac", "0011223344ff");
  assert.equal(verify.code, 1);
  assert.match(verify.out, /No config report from 00:11:22:33:44:ff yet/);
});

test("schema:generate --mac refuses what is not a MAC", async (t) => {
  workspace(t);
  assert.match((await cli("schema:generate", "--mac", "bad")).out, /not a MAC address/);
});

test("reports:prune applies the retention", async (t) => {
  const { configDir } = await imported(t);
  writeFileSync(join(configDir, "serviceconfig.yml"), "reports: {retention: 1}\n");
  assert.match((await cli("reports:prune")).out, /Deleted 1 reports \(keeping the newest 1 per phone\)/);
});

test("auth:hash-password prints an scrypt hash serviceconfig.yml accepts", async (t) => {
  workspace(t);
  const { code, out } = await cli("auth:hash-password", "s3cret word");
  assert.equal(code, 0);
  assert.match(out, /^scrypt\$/);
  assert.ok(await verifyPassword("s3cret word", out));
  assert.ok(!(await verifyPassword("other", out)));
});

test("help lists the new commands", async () => {
  const { out } = await cli("help");
  for (const name of ["schema:generate", "schema:verify", "reports:import <dir>", "reports:prune", "auth:hash-password"]) assert.ok(out.includes(name), name);
});
