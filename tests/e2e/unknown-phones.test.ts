// In Debian's chromium: a new phone that got 404 shows on the dashboard under "Seen, not in phones.yml" with its
// MAC and model; the Copy button copies a phones.yml entry that parses as YAML and, pasted under phones:, gets
// the phone its profile.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { parseYaml } from "../../lib/yaml.ts";
import { FakePhone } from "../fakes/phone.ts";
import { launchBrowser, skipWithoutBrowser } from "../helpers/browser.ts";
import { ADMIN_AND_MONITOR_SERVICECONFIG, startTestServer, type TestServer } from "../helpers/server.ts";
import { profileParams } from "../helpers/xml.ts";

const skip = skipWithoutBrowser;
const PHONES = `phones:\n  desk:\n    mac: "00:11:22:33:44:55"\n    Station_Name: desk\n`;

let server: TestServer;
let browser: Browser;
before(async () => {
  if (skip) return;
  server = await startTestServer({
    "serviceconfig.yml": ADMIN_AND_MONITOR_SERVICECONFIG,
    "phones.yml": PHONES,
    "common.yml": "common:\n  Time_Zone: 'GMT+01:00'\n",
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("a new phone's entry is shown, copied, and pasted into phones.yml gets it its profile", { skip }, async (t) => {
  const phone = new FakePhone({ mac: "d4adbeef0007", model: "CP-8841-3PCC", firmware: "12.0.5" });
  assert.equal((await phone.fetchProfile(server.url)).status, 404, "not in phones.yml yet");

  const context = await browser.newContext({ httpCredentials: { username: "admin", password: "admin-pass" } });
  t.after(() => context.close());
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  const page = await context.newPage();
  assert.equal((await page.goto(server.url + "/"))?.status(), 200);
  const row = page.locator('#unknown-phones tr[data-mac="d4adbeef0007"]');
  await row.waitFor();
  assert.match((await page.locator("#unknown-phones h2").textContent())!, /^Seen, not in phones\.yml \(1\)$/);
  const cells = await row.locator("td").allTextContents();
  assert.equal(cells[0], "d4:ad:be:ef:00:07");
  assert.equal(cells[1], "CP-8841-3PCC");
  assert.equal(cells[2], "12.0.5");
  assert.equal(cells[3], "127.0.0.1");
  assert.equal(cells[5], phone.userAgent);
  assert.equal(await page.locator('#phones tr[data-mac="d4adbeef0007"]').count(), 0, "not among the configured phones");

  await row.locator("button.copy-stub").click();
  await row.locator("button.copy-stub", { hasText: "Copied" }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const entry = Object.values(parseYaml(copied, "stub.yml") as Record<string, Record<string, string>>)[0];
  assert.deepEqual(entry, { mac: "d4:ad:be:ef:00:07", label: "CP-8841-3PCC" });

  server.writeConfig("phones.yml", PHONES + copied);
  const res = await phone.fetchProfile(server.url);
  assert.equal(res.status, 200, res.body);
  assert.equal(profileParams(res.body).get("Time_Zone")?.value, "GMT+01:00", "its profile");
  await page.reload();
  await page.locator('#phones tr[data-mac="d4adbeef0007"]').waitFor();
  assert.equal(await row.count(), 0, "configured now, so no longer listed as unknown");
});
