// Config warnings: parameter names checked against schema.yml and the shipped catalogue with a "did you mean",
// misspelt Switchboard keys in a phone entry, missing files, a missing config folder, and when they are logged.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { ConfigStore } from "../../core/config/store.ts";
import { parameterCatalogue } from "../../core/mpp/parameter-names.ts";
import { Unavailable } from "../../lib/errors.ts";
import { captureLog } from "../helpers/log.ts";

process.env.LOG_LEVEL = "silent";

const SERVICECONFIG = "auth:\n  enabled: true\n  users:\n    admin: {username: admin, password: x, role: admin}\n";
/** The eleven parameters of config/schema.example.yml: a realistic common.yml uses many more. */
const SMALL_SCHEMA = `schema:\n  flat_profile_params:\n${["Proxy_1_", "Time_Zone", "Time_Format", "Profile_Rule", "Report_Rule", "Resync_Periodic",
  "Station_Display_Name", "Station_Name", "Display_Name_1_", "User_ID_1_", "Password_1_"].map((n) => `    ${n}: ''\n`).join("")}`;
const PHONES = `phones:\n  desk:\n    mac: "00:11:22:33:44:55"\n    Station_Name: desk\n`;

/** A config folder of this test's own (phones.yml, common.yml and serviceconfig.yml unless given), removed after it. */
function folder(t: TestContext, files: Record<string, string | null>): string {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-warnings-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const all: Record<string, string | null> = { "phones.yml": PHONES, "common.yml": "common: {}\n", "serviceconfig.yml": SERVICECONFIG, ...files };
  for (const [f, y] of Object.entries(all)) if (y !== null) writeFileSync(join(dir, f), y);
  return dir;
}

const warningsOf = (t: TestContext, files: Record<string, string | null>) => new ConfigStore(folder(t, files), { logWarnings: false }).config.warnings;
const common = (...lines: string[]) => `common:\n${lines.map((l) => `  ${l}\n`).join("")}`;

test("valid MPP names that a small schema.yml lacks are not warnings: the shipped catalogue knows them", (t) => {
  const names = ["Primary_NTP_Server", "Daylight_Saving_Time_Enable", "Dictionary_Server_Script", "Language_Selection", "Locale",
    "Resync_Random_Delay", "Upload_Delay_On_Local_Change", "Periodic_Upload_To_Server", "Report_To_Server", "XML_Directory_Service_URL",
    "Extended_Function_2_", "Short_Name_2_", "Voice_Mail_Number", "Admin_Password", "Enable_VLAN", "Dial_Plan_1_", "Preferred_Codec_1_",
    "Call_Appearances_Per_Line", "Screen_Saver_Enable", "Peer_Firmware_Sharing", "Webex_Onboard_Enable", "iLBC_Enable_1_"];
  assert.deepEqual(warningsOf(t, { "schema.yml": SMALL_SCHEMA, "common.yml": common(...names.map((n) => `${n}: x`)) }), []);
});

test("numbers in a name stand for any line or key: an 8851's twelfth key is known from a name seen with another number", (t) => {
  const files = { "schema.yml": SMALL_SCHEMA, "common.yml": common("Extended_Function_12_: x", "Line_Enable_10_: 'No'", "Short_Name_16_: x") };
  assert.deepEqual(warningsOf(t, files), []);
});

test("a name that differs from a known one only in case gets it as a near-certain suggestion", (t) => {
  assert.deepEqual(warningsOf(t, { "schema.yml": SMALL_SCHEMA, "common.yml": common("Time_zone: GMT+01:00") }), [
    "common.yml: parameter Time_zone is not a known MPP parameter: did you mean Time_Zone? (names are case-sensitive)",
  ]);
});

test("a name one edit from a known one gets it as suggestion, with the typed name's own numbers", (t) => {
  assert.deepEqual(warningsOf(t, { "common.yml": common("Staton_Name: x", "Extended_Functon_7_: x", "Resync_Peroidic: '60'") }), [
    "common.yml: parameter Staton_Name is not a known MPP parameter: did you mean Station_Name?",
    "common.yml: parameter Extended_Functon_7_ is not a known MPP parameter: did you mean Extended_Function_7_?",
    "common.yml: parameter Resync_Peroidic is not a known MPP parameter: did you mean Resync_Periodic?",
  ]);
});

test("a name close to nothing known is a warning without a suggestion", (t) => {
  assert.deepEqual(warningsOf(t, { "common.yml": common("Fancy_New_Setting: x") }), [
    "common.yml: parameter Fancy_New_Setting is not a known MPP parameter (not in schema.yml nor in Switchboard's catalogue): a typo?",
  ]);
});

test("names are checked without a schema.yml too, and in phones.yml per phone", (t) => {
  const phones = `phones:\n  desk:\n    mac: "001122334455"\n    Statoin_Name: desk\n`;
  assert.deepEqual(warningsOf(t, { "phones.yml": phones }), [
    'phones.yml: phone "desk" parameter Statoin_Name is not a known MPP parameter: did you mean Station_Name?',
  ]);
});

test("a name schema.yml lists is known though the catalogue lacks it, and schema.yml's names are suggested too", (t) => {
  const schema = "schema:\n  flat_profile_params:\n    Vendor_Special_Mode: ''\n";
  assert.deepEqual(warningsOf(t, { "schema.yml": schema, "common.yml": common("Vendor_Special_Mode: x", "Vendor_Specal_Mode: y") }), [
    "common.yml: parameter Vendor_Specal_Mode is not a known MPP parameter: did you mean Vendor_Special_Mode?",
  ]);
});

test("secrets and blacklisted names are left out of a generated schema on purpose, so they are not reported", (t) => {
  const files = { "schema.yml": SMALL_SCHEMA, "common.yml": common("My_Pbx_Password: s", "Vendor_Counter: '1'"), "comparison.yml": "comparison:\n  blacklist: [Vendor_Counter]\n" };
  assert.deepEqual(warningsOf(t, files), []);
});

test("a misspelt Switchboard key in a phone entry is named with the key meant, not reported as a parameter", (t) => {
  const phones = `phones:\n  desk:\n    mac: "001122334455"\n    lable: Front desk\n    ip_adress: 10.0.0.5\n    devicenmae: SEP001122334455\n    usernmae: admin\n`;
  assert.deepEqual(warningsOf(t, { "phones.yml": phones }), [
    'phones.yml: phone "desk": lable is not a Switchboard key and would be sent to the phone as a parameter: did you mean label?',
    'phones.yml: phone "desk": ip_adress is not a Switchboard key and would be sent to the phone as a parameter: did you mean ip_address?',
    'phones.yml: phone "desk": devicenmae is not a Switchboard key and would be sent to the phone as a parameter: did you mean devicename?',
    'phones.yml: phone "desk": usernmae is not a Switchboard key and would be sent to the phone as a parameter: did you mean username?',
  ]);
});

test("model, group, lines and keys are Switchboard's keys: never sent as parameters, a malformed one is a problem naming the phone", (t) => {
  const phones = `phones:\n  desk:\n    mac: "001122334455"\n    model: CP-8851-3PCC\n    lines: '2'\n`;
  const store = new ConfigStore(folder(t, { "phones.yml": phones }), { logWarnings: false });
  assert.deepEqual(store.config.warnings, []);
  assert.deepEqual(store.errors.map((p) => `${p.file}:${p.line}: ${p.message}`), [
    'phones.yml:2: phone "desk": lines must be a list of SIP accounts written user@domain (account: one of them, for line 1)',
  ]);
});

test("lower-case parameters a phone knows (Wi-Fi profiles, iLBC) are not mistaken for misspelt keys", (t) => {
  const phones = `phones:\n  desk:\n    mac: "001122334455"\n    ssid_1_: Office\n    password_2_: wifi\n    iLBC_Enable_1_: "No"\n`;
  assert.deepEqual(warningsOf(t, { "schema.yml": SMALL_SCHEMA, "phones.yml": phones }), []);
});

test("a lower-case key far from every key of ours is an unknown parameter, not a misspelt key", (t) => {
  const phones = `phones:\n  desk:\n    mac: "001122334455"\n    colour: red\n`;
  assert.deepEqual(warningsOf(t, { "phones.yml": phones }), [
    `phones.yml: phone "desk" parameter colour is not a known MPP parameter (not in schema.yml nor in Switchboard's catalogue): a typo?`,
  ]);
});

test("no phones.yml and no common.yml are warnings that name the file and what it means", (t) => {
  const warnings = warningsOf(t, { "phones.yml": null, "common.yml": null });
  assert.equal(warnings.length, 2);
  assert.match(warnings[0], /^phones\.yml is missing in .*: no phone gets a profile of its own/);
  assert.match(warnings[1], /^common\.yml is missing in /);
});

test("without serviceconfig.yml a warning names it as the reason every sign-in fails", (t) => {
  const [warning, ...rest] = warningsOf(t, { "serviceconfig.yml": null });
  assert.match(warning, /^serviceconfig\.yml is missing in .*every sign-in to the admin pages fails/);
  assert.deepEqual(rest, []);
});

test("a serviceconfig.yml without users warns that every sign-in fails; with sign-in turned off it does not", (t) => {
  assert.deepEqual(warningsOf(t, { "serviceconfig.yml": "ip_whitelist: [127.0.0.1]\n" }), [
    "serviceconfig.yml lists no auth.users: every sign-in to the admin pages fails (add a user, or set auth.enabled: false on a trusted network)",
  ]);
  assert.deepEqual(warningsOf(t, { "serviceconfig.yml": "auth:\n  enabled: false\n" }), []);
});

test("a config folder that does not exist is one clear error naming the folder and SWITCHBOARD_CONFIG_DIR", (t) => {
  const missing = join(folder(t, {}), "nope");
  assert.throws(() => new ConfigStore(missing), (err: Error) => err instanceof Unavailable && err.message.includes(missing) && /SWITCHBOARD_CONFIG_DIR/.test(err.message) && !err.message.includes("\n"));
});

test("the catalogue loads the shipped names once and rejects the misspelt ones", () => {
  const catalogue = parameterCatalogue();
  assert.ok(catalogue.size > 500, `${catalogue.size} name shapes`);
  assert.equal(parameterCatalogue(), catalogue);
  assert.ok(catalogue.has("Resync_Periodic") && catalogue.has("Station_Name") && catalogue.has("Time_Zone"));
  assert.ok(!catalogue.has("Time_zone") && !catalogue.has("Staton_Name"));
});

test("warnings are logged once at each (re)load, at most twenty, the rest counted", (t) => {
  const lines = captureLog(t, "warn");
  const names = Array.from({ length: 25 }, (_, i) => `Fancy_Setting_${String.fromCharCode(65 + i)}: x`);
  const store = new ConfigStore(folder(t, { "common.yml": common(...names) }));
  assert.equal(lines.filter((l) => / WARN config common\.yml: parameter Fancy_Setting_/.test(l)).length, 20);
  assert.match(lines.at(-1)!, /… and 5 more warnings \(npm run cli -- config:check lists them all\)/);
  store.reload();
  assert.equal(lines.filter((l) => /Fancy_Setting_A /.test(l)).length, 2, "once per load");
});
