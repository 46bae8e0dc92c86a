// Layered templates (issue 17): common.yml → models.yml → groups.yml → lines and keys from the SIP accounts →
// phones.yml, each profile read back by xmllint and xmldom (tests/helpers/xml.ts).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { REDACTED } from "../../core/mpp/redact.ts";
import Database from "better-sqlite3";
import { setPasswords } from "../../db/accounts.ts";
import { currentProfileVersion } from "../../db/profile-versions.ts";
import { FakePhone } from "../fakes/phone.ts";
import { profileParams } from "../helpers/xml.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call, seedAccount, seedApiKey } from "../helpers/sip-api.ts";
import { configure } from "./configure.ts";

const DOMAIN = "sip.example.com";
const COMMON = `common:
  Time_Format: common-tf
  Date_Format: common-df
  Screen_Saver_Enable: common-ss
  Time_Zone: common-tz
  Extended_Function_1_: ''
`;
const MODELS = `models:
  CP-8841-3PCC:
    Time_Format: model-tf
    Date_Format: model-df
    Screen_Saver_Enable: model-ss
  "8851":
    Screen_Saver_Enable: model-8851-ss
`;
const GROUPS = `groups:
  sales:
    Time_Format: group-tf
    Date_Format: group-df
`;
const PHONES = `phones:
  desk:
    mac: "00:11:22:33:44:01"
    group: sales
    Time_Format: phone-tf
  pinned:
    mac: "00:11:22:33:44:02"
    model: CP-8851-3PCC
  reception:
    mac: "00:11:22:33:44:03"
    lines: [alice@${DOMAIN}, bob@${DOMAIN}]
    keys:
      - {type: blf, target: "201"}
      - {type: speeddial, target: "202", label: "Lobby"}
    Extended_Function_3_: "fnc=sd;ext=999@$PROXY;nme=Taken"
  single:
    mac: "00:11:22:33:44:04"
    account: carol@${DOMAIN}
  operator:
    mac: "00:11:22:33:44:05"
    account: carol@${DOMAIN}
    keys: [${Array.from({ length: 11 }, (_, i) => `{type: blf, target: "3${String(i).padStart(2, "0")}"}`).join(", ")}]
`;

let server: TestServer;
before(async () => {
  server = await startTestServer({
    "common.yml": COMMON, "models.yml": MODELS, "groups.yml": GROUPS, "phones.yml": PHONES,
    "switchboard.yml": `accounts:\n  sip_domain: ${DOMAIN}\n`,
  });
  const db = server.app.db;
  seedAccount(db, { username: "alice", domain: DOMAIN, display_name: "Alice Example", algorithm: "CLRTXT", password: "alice-secret" });
  seedAccount(db, { username: "bob", domain: DOMAIN, display_name: "Bob", algorithm: "MD5", password: "bob-secret" });
  seedAccount(db, { username: "carol", domain: DOMAIN, display_name: "Carol", algorithm: "CLRTXT", password: "carol-secret" });
  seedAccount(db, { username: "201", domain: DOMAIN, display_name: "Reception; Desk" });
});
after(() => server.close());

const ua = (model: string, mac: string) => `Cisco-${model}/12.0.1 (${mac})`;

async function profile(mac: string, model = "CP-8841-3PCC") {
  const res = await server.get(`/${mac}.xml`, { headers: { "User-Agent": ua(model, mac) } });
  assert.equal(res.status, 200, res.body);
  const params = profileParams(res.body);
  return (name: string) => params.get(name)?.value;
}

test("each parameter comes from the most specific layer that sets it: phone over group over model (from the User-Agent) over common", async () => {
  const p = await profile("001122334401");
  assert.equal(p("Time_Format"), "phone-tf");
  assert.equal(p("Date_Format"), "group-df");
  assert.equal(p("Screen_Saver_Enable"), "model-ss");
  assert.equal(p("Time_Zone"), "common-tz");
  const other = await profile("001122334401", "CP-7841-3PCC");
  assert.equal(other("Screen_Saver_Enable"), "common-ss", "a model without a models.yml entry gets no model layer");
  assert.equal(other("Date_Format"), "group-df");
});

test("a phone's model: key picks its models.yml entry whatever the User-Agent says, matched as 8851 however it is written", async () => {
  const p = await profile("001122334402", "CP-8841-3PCC");
  assert.equal(p("Screen_Saver_Enable"), "model-8851-ss");
  assert.equal(p("Time_Format"), "common-tf", "no group, no model value: common");
});

test("lines come from the accounts (a password only where a cleartext one is stored) and keys go on the next free line keys", async () => {
  const p = await profile("001122334403");
  assert.equal(p("User_ID_1_"), "alice");
  assert.equal(p("Display_Name_1_"), "Alice Example");
  assert.equal(p("Proxy_1_"), DOMAIN);
  assert.equal(p("Password_1_"), "alice-secret");
  assert.equal(p("User_ID_2_"), "bob");
  assert.equal(p("Password_2_"), undefined, "bob's password is stored hashed: no Password_2_");
  assert.equal(p("Extended_Function_3_"), "fnc=sd;ext=999@$PROXY;nme=Taken", "a key set in phones.yml is not free");
  assert.equal(p("Extended_Function_4_"), "fnc=blf+sd+cp;sub=201@$PROXY;nme=Reception  Desk", "labelled with the account's display name");
  assert.equal(p("Extension_4_"), "Disabled");
  assert.equal(p("Extended_Function_5_"), "fnc=sd;ext=202@$PROXY;nme=Lobby");
  const dashboard = JSON.parse((await server.get("/api/admin/dashboard")).body);
  const warnings: string[] = dashboard.config.warnings;
  assert.ok(warnings.some((w) => w.includes('phone "reception": line 2: the account bob@sip.example.com has no cleartext password')), warnings.join("\n"));
  assert.ok(!JSON.stringify(dashboard).includes("secret"), "no password reaches the dashboard");
});

test("account: is line 1 of lines:, and keys beyond the phone's line keys go on to the key expansion module", async () => {
  const single = await profile("001122334404");
  assert.equal(single("User_ID_1_"), "carol");
  assert.equal(single("Password_1_"), "carol-secret");
  // An 8851 has 10 line keys: line 1 is carol, keys 2..10 take nine BLFs, the next two go on module 1.
  const p = await profile("001122334405", "CP-8851-3PCC");
  assert.equal(p("Extended_Function_2_"), "fnc=blf+sd+cp;sub=300@$PROXY;nme=300");
  assert.equal(p("Extended_Function_10_"), "fnc=blf+sd+cp;sub=308@$PROXY;nme=308");
  assert.equal(p("Unit_1_Key_1_"), "fnc=blf+sd+cp;sub=309@$PROXY;nme=309");
  assert.equal(p("Unit_1_Key_2_"), "fnc=blf+sd+cp;sub=310@$PROXY;nme=310");
  assert.equal(p("Extension_10_"), "Disabled");
  assert.equal(p("Unit_1_Key_3_"), undefined);
});

test("an account's new display name (through the API) and new password reach the phone's next fetch without a config edit", async (t) => {
  const db = server.app.db;
  const dave = seedAccount(db, { username: "dave", domain: DOMAIN, display_name: "Dave", algorithm: "CLRTXT", password: "dave-old" });
  const admin = seedAccount(db, { username: "layers-admin", domain: DOMAIN, admin: 1 });
  const mac = "001122334406";
  configure(t, server, "phones.yml", PHONES + `  dave-desk:\n    mac: "00:11:22:33:44:06"\n    account: dave@${DOMAIN}\n`);
  const before = await profile(mac);
  assert.equal(before("Display_Name_1_"), "Dave");
  assert.equal((await profile(mac))("Password_1_"), "dave-old", "a repeated request (answered from memory) is the same");
  const res = await call(server.url, "PUT", `/api/accounts/${dave.id}`, { headers: { "x-api-key": seedApiKey(db, admin) }, body: { username: "dave", algorithm: "SHA-256", display_name: "Dave Renamed" } });
  assert.equal(res.status, 200, res.body);
  assert.equal((await profile(mac))("Display_Name_1_"), "Dave Renamed");
  setPasswords(db, dave.id, [{ algorithm: "CLRTXT", hash: "dave-new" }]);
  assert.equal((await profile(mac))("Password_1_"), "dave-new");
  // Stored as a new profile version, as a reload would: drift can tell "not fetched yet" for the new lines.
  const stored = () => currentProfileVersion(db, mac)?.fingerprint;
  for (let i = 0; i < 60 && stored() !== server.app.sightings.lastProfile(mac)?.fingerprint; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(stored(), server.app.sightings.lastProfile(mac)?.fingerprint);
});

test("an account changed by another process (the CLI, the sqlite3 shell) reaches the phone's next fetch within a second", async (t) => {
  seedAccount(server.app.db, { username: "erin", domain: DOMAIN, display_name: "Erin", algorithm: "CLRTXT", password: "erin-pw" });
  configure(t, server, "phones.yml", PHONES + `  erin-desk:\n    mac: "00:11:22:33:44:07"\n    account: erin@${DOMAIN}\n`);
  const mac = "001122334407";
  assert.equal((await profile(mac))("Display_Name_1_"), "Erin");
  const other = new Database(server.dbPath);
  other.prepare("UPDATE accounts SET display_name = 'Erin Other' WHERE username = 'erin'").run();
  other.close();
  await new Promise((resolve) => setTimeout(resolve, 1100));
  assert.equal((await profile(mac))("Display_Name_1_"), "Erin Other");
});

test("drift compares a report with the layered parameters: a phone that applied its profile is in sync", async () => {
  const phone = new FakePhone({ mac: "001122334403" });
  assert.equal((await phone.fetchProfile(server.url)).status, 200);
  assert.equal((await phone.postReport(server.url)).status, 200);
  const c = JSON.parse((await server.get("/api/admin/compare/001122334403")).body);
  assert.deepEqual(c.differences, []);
  assert.deepEqual(c.unexpected_parameters, []);
  assert.equal(c.report_profile, "current");
});

test("the phone's parameters JSON names the layer that set each, secrets masked", async (t) => {
  await profile("001122334401");
  const body = JSON.parse((await server.get("/api/admin/parameters/00:11:22:33:44:01")).body);
  const layer = (name: string) => body.parameters.find((p: { name: string }) => p.name === name)?.layer;
  assert.deepEqual([layer("Time_Format"), layer("Date_Format"), layer("Screen_Saver_Enable"), layer("Time_Zone")], ["phone", "group sales", "model CP-8841-3PCC", "common"]);
  configure(t, server, "groups.yml", "groups: {}\n");
  const lines = JSON.parse((await server.get("/api/admin/parameters/001122334403")).body);
  const of = (name: string) => lines.parameters.find((p: { name: string }) => p.name === name);
  assert.equal(of("User_ID_1_").layer, `account alice@${DOMAIN}`);
  assert.equal(of("Password_1_").value, REDACTED);
  assert.equal(of("Extended_Function_4_").layer, "key 4");
  const stranger = JSON.parse((await server.get("/api/admin/parameters/001122339999")).body);
  assert.equal(stranger.phone_id, null, "a phone not in phones.yml: common.yml alone, as drift compares it");
  assert.deepEqual([...new Set(stranger.parameters.map((p: { layer: string }) => p.layer))], ["common"]);
});

test("a phone that names a new model with every request does not grow the per-phone cache", async () => {
  const mac = "001122334405";
  const before = server.app.store.config.caches.ownParams.size;
  for (let i = 0; i < 50; i++) assert.equal((await server.get(`/${mac}.xml`, { headers: { "User-Agent": ua(`CP-99${i}-3PCC`, mac) } })).status, 200);
  assert.ok(server.app.store.config.caches.ownParams.size <= before + 1, `${server.app.store.config.caches.ownParams.size - before} entries added`);
});
