// The dashboard's 24-hour chart: config requests, reports and firmware upgrades counted per hour as phones make
// them, kept in SQLite so a restart does not empty the chart.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ActivityHistory } from "../../core/mpp/activity.ts";
import { openDatabase } from "../../db/open.ts";
import { startServer } from "../../server.ts";
import { FakePhone } from "../fakes/phone.ts";
import { LOOPBACK_SERVICECONFIG } from "../helpers/server.ts";

process.env.LOG_LEVEL ??= "silent";

const FILES = {
  "serviceconfig.yml": LOOPBACK_SERVICECONFIG,
  "phones.yml": `phones:\n  desk: {mac: "001122334455"}\n  lobby: {mac: "001122334466"}\n`,
  "firmware.yml": `firmware:\n  update_enabled: true\n  expected_version: "12.0.2"\n  upgrade_url: "http://fw.local/sip.loads"\n`,
};

/** A folder with config and database that outlives one server, so a second server can start on the same files. */
function setUp(t: { after: (fn: () => void) => void }) {
  const root = mkdtempSync(join(tmpdir(), "switchboard-activity-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const configDir = join(root, "config");
  mkdirSync(configDir);
  for (const [file, text] of Object.entries(FILES)) writeFileSync(join(configDir, file), text);
  return () => startServer({ port: 0, host: "127.0.0.1", configDir, dbPath: join(root, "switchboard.sqlite"), watchConfig: false });
}

const chart = async (url: string) => (await (await fetch(`${url}/api/admin/dashboard`)).json()).activity;

test("config requests, reports and firmware upgrades land in the current hour and survive a restart", async (t) => {
  const start = setUp(t);
  const first = await start();
  t.after(() => first.close());
  const current = new FakePhone({ mac: "001122334455", firmware: "12.0.2" });
  const outdated = new FakePhone({ mac: "001122334466", firmware: "12.0.1" });
  assert.equal((await current.fetchProfile(first.url)).status, 200);
  assert.equal((await current.fetchProfile(first.url)).status, 200);
  assert.match((await outdated.fetchProfile(first.url)).body, /Upgrade_Rule/, "the outdated phone is sent an upgrade");
  assert.equal((await current.postReport(first.url)).status, 200);
  assert.equal((await new FakePhone({ mac: "0011223344ff", firmware: "12.0.2" }).fetchProfile(first.url)).status, 404, "an unknown phone's request counts too");

  const before = await chart(first.url);
  assert.equal(before.hours.length, 24);
  assert.ok(Date.parse(before.hours[23]) <= Date.now() && Date.now() - Date.parse(before.hours[23]) < 3_600_000, "the current hour is last");
  assert.deepEqual([before.config_requests[23], before.reports[23], before.firmware_upgrades[23]], [4, 1, 1]);
  assert.equal(before.config_requests.slice(0, 23).reduce((a: number, b: number) => a + b), 0);

  await outdated.fetchProfile(first.url); // counted in memory only, written at shutdown
  await first.close();
  const second = await start();
  t.after(() => second.close());
  const after = await chart(second.url);
  assert.deepEqual([after.config_requests[23], after.reports[23], after.firmware_upgrades[23]], [5, 1, 2]);
});

test("the chart's hours are the last 24; older activity is not shown and is dropped after a week", (t) => {
  const db = openDatabase(":memory:");
  t.after(() => db.close());
  const history = new ActivityHistory(db);
  const now = Date.parse("2026-01-05T12:30:00Z");
  const hoursAgo = (h: number) => now - h * 3_600_000;
  history.record("reports", hoursAgo(0));
  history.record("reports", hoursAgo(23));
  history.record("reports", hoursAgo(24));
  history.record("reports", hoursAgo(24 * 9));
  const c = history.last24Hours(now);
  assert.equal(c.hours[0], "2026-01-04T13:00:00.000Z");
  assert.equal(c.hours[23], "2026-01-05T12:00:00.000Z");
  assert.equal(c.reports[0], 1, "23 hours ago");
  assert.equal(c.reports[23], 1, "now");
  assert.equal(c.reports.reduce((a, b) => a + b), 2, "24 hours ago is outside");
  const stored = db.prepare("SELECT hour FROM activity_hours ORDER BY hour").pluck().all();
  assert.deepEqual(stored, ["2026-01-04T12:00:00.000Z", "2026-01-04T13:00:00.000Z", "2026-01-05T12:00:00.000Z"], "nine days ago was dropped");
});
