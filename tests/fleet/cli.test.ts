// `cli.ts phones:resync|reboot`: the admin pages' job, run from the console against a fake phone web server.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../../cli.ts";
import { openDatabase } from "../../db/open.ts";
import { listAuditEntries } from "../../db/audit-log.ts";
import { envFor } from "../cli/env.ts";
import { startFakePhoneWeb } from "../fakes/phone-direct-action.ts";

test("phones:resync and phones:reboot ask the named phone, a group or all, and exit 1 listing the phones that failed", async (t) => {
  const phone = await startFakePhoneWeb(() => "adm1n");
  const root = mkdtempSync(join(tmpdir(), "switchboard-cli-"));
  t.after(async () => {
    await phone.close();
    rmSync(root, { recursive: true, force: true });
  });
  const configDir = join(root, "config");
  mkdirSync(configDir);
  writeFileSync(join(configDir, "common.yml"), `common:\n  Enable_Direct_Action_Url: "Yes"\n  Admin_Password: adm1n\n  Web_Server_Port: "${phone.port}"\n`);
  writeFileSync(join(configDir, "phones.yml"), `phones:\n  desk:\n    mac: "001122334455"\n    ip_address: 127.0.0.1\n    group: front\n  hall:\n    mac: "001122334466"\n    group: back\n`);
  writeFileSync(join(configDir, "switchboard.yml"), `public_url: "http://pbx.test"\n`);
  const dbPath = join(root, "switchboard.sqlite");
  envFor(t, { SWITCHBOARD_CONFIG_DIR: configDir, SWITCHBOARD_DB: dbPath });
  const cli = async (...argv: string[]) => {
    const lines: string[] = [];
    return { code: await runCli(argv, (l) => lines.push(l)), out: lines.join("\n") };
  };

  const byId = await cli("phones:resync", "desk");
  assert.equal(byId.code, 0, byId.out);
  assert.match(byId.out, /resync of 001122334455: 1 of 1 phones answered OK/);
  assert.deepEqual(phone.received.at(-1), { path: "/admin/resync?http://pbx.test/001122334455.xml", authorized: true });

  const all = await cli("phones:reboot", "--all");
  assert.equal(all.code, 1);
  assert.match(all.out, /failed {2}hall: no address known/);
  assert.match(all.out, /reboot of all phones: 1 of 2 phones answered OK/);
  assert.equal((await cli("phones:reboot", "--group", "front")).code, 0);

  assert.equal((await cli("phones:resync")).code, 2, "nothing named");
  assert.equal((await cli("phones:resync", "--group", "nobody")).code, 1);
  const db = openDatabase(dbPath);
  t.after(() => db.close());
  assert.deepEqual(listAuditEntries(db, 5).entries.map((e) => [e.action, e.target]), [["reboot", "group front"], ["reboot", "all phones"], ["resync", "001122334455"]]);
});
