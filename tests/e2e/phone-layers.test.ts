// In Debian's chromium: the compare page lists a phone's configured parameters with the layer that set each
// (common, model, group, account, key, phone), also before the phone's first report, with the lines' warnings.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { launchBrowser, skipWithoutBrowser } from "../helpers/browser.ts";
import { ADMIN_AND_MONITOR_SERVICECONFIG, startTestServer, type TestServer } from "../helpers/server.ts";
import { seedAccount } from "../helpers/sip-api.ts";

const skip = skipWithoutBrowser;
const MAC = "001122334455";
const FILES = {
  "serviceconfig.yml": ADMIN_AND_MONITOR_SERVICECONFIG,
  "common.yml": "common:\n  Time_Zone: GMT+01:00\n  Date_Format: day/month\n  Admin_Password: common-secret\n",
  "models.yml": "models:\n  CP-8841-3PCC:\n    Screen_Saver_Enable: \"Yes\"\n",
  "groups.yml": "groups:\n  sales:\n    Date_Format: month/day\n",
  "phones.yml": `phones:\n  desk:\n    mac: "00:11:22:33:44:55"\n    model: CP-8841-3PCC\n    group: sales\n    account: ann@sip.example.com\n    Station_Name: desk\n`,
};

let server: TestServer;
let browser: Browser;
before(async () => {
  if (skip) return;
  server = await startTestServer(FILES);
  seedAccount(server.app.db, { username: "ann", domain: "sip.example.com", display_name: "Ann" });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("the compare page shows which layer set each parameter, before any report, with the line's warning and no secret", { skip }, async (t) => {
  const context = await browser.newContext({ httpCredentials: { username: "admin", password: "admin-pass" } });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(`${server.url}/compare/${MAC}`);
  await page.locator("#parameters").waitFor();
  const rows = await page.locator("#parameters tbody tr").allInnerTexts().then((all) => new Map(all.map((r) => r.split("\t")).map(([name, value, layer]) => [name, { value, layer }])));
  assert.deepEqual(rows.get("Date_Format"), { value: "month/day", layer: "group sales" });
  assert.deepEqual(rows.get("Screen_Saver_Enable"), { value: "Yes", layer: "model CP-8841-3PCC" });
  assert.deepEqual(rows.get("Time_Zone"), { value: "GMT+01:00", layer: "common" });
  assert.deepEqual(rows.get("Station_Name"), { value: "desk", layer: "phone" });
  assert.deepEqual(rows.get("User_ID_1_"), { value: "ann", layer: "account ann@sip.example.com" });
  assert.notEqual(rows.get("Admin_Password")?.value, "common-secret");
  assert.match(await page.locator("#line-warnings").innerText(), /line 1: the account ann@sip\.example\.com has no cleartext password/);
  assert.match(await page.locator("#parameters-layers").innerText(), /common → model CP-8841-3PCC → group sales/);
  assert.match(await page.locator(".banner.error").innerText(), /has not sent a configuration report yet/, "the comparison's own message stays");
});
