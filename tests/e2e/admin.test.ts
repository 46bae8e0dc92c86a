// In Debian's chromium: an admin signs in (HTTP Basic), sees a phone with drift, opens its comparison and
// downloads the export; a monitor cannot open admin pages.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { launchBrowser, skipWithoutBrowser } from "../helpers/browser.ts";
import { parseYaml } from "../../lib/yaml.ts";
import { FakePhone } from "../fakes/phone.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const skip = skipWithoutBrowser;

let server: TestServer;
let browser: Browser;
before(async () => {
  if (skip) return;
  server = await startTestServer({
    "serviceconfig.yml": `ip_whitelist: [127.0.0.1]
auth:
  enabled: true
  users:
    admin: {username: admin, password: admin-pass, role: admin}
    monitor: {username: monitor, password: monitor-pass, role: monitor}
`,
    "phones.yml": `phones:\n  desk:\n    mac: "00:11:22:33:44:55"\n    Station_Name: desk\n    Time_Format: 24hr\n`,
  });
  const phone = new FakePhone({ mac: "001122334455" });
  assert.equal((await phone.fetchProfile(server.url)).status, 200);
  phone.config.Time_Format = "12hr"; // someone changed it on the phone
  phone.config.Ring_Tone = "Chirp 1";
  assert.equal((await phone.postReport(server.url)).status, 200);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("an admin sees the drifting phone, opens the comparison and downloads the export", { skip }, async (t) => {
  const context = await browser.newContext({ httpCredentials: { username: "admin", password: "admin-pass" }, acceptDownloads: true });
  t.after(() => context.close());
  const page = await context.newPage();
  const res = await page.goto(server.url + "/");
  assert.equal(res?.status(), 200);
  const drift = page.locator('#phones tr[data-mac="001122334455"] a.drift');
  assert.equal(await drift.textContent(), "1 difference");
  assert.equal(await page.locator('#phones tr[data-mac="001122334455"] .drift-notes').textContent(), " · 1 unexpected", "unexpected is a note, not drift");
  await drift.click();
  await page.waitForURL("**/compare/001122334455");
  const mismatch = page.locator("#differences tr.mismatch");
  await mismatch.first().waitFor(); // the page fills itself from /api/admin/compare
  assert.equal(await mismatch.count(), 1);
  assert.deepEqual(await mismatch.locator("td").allTextContents(), ["Time_Format", "24hr", "12hr", "value mismatch"]);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
  assert.equal(download.suggestedFilename(), "unexpected_params_001122334455.yml");
  const yaml = readFileSync((await download.path())!, "utf8");
  assert.deepEqual(parseYaml(yaml, "export.yml", true), { common: { Ring_Tone: "Chirp 1" } });
});

test("the reports page lists the report and opens its detail", { skip }, async (t) => {
  const context = await browser.newContext({ httpCredentials: { username: "admin", password: "admin-pass" } });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(server.url + "/reports");
  await page.locator("#reports tbody tr a").first().click();
  await page.waitForURL("**/report-detail/*");
  await page.locator("#params tbody tr").first().waitFor();
  assert.match((await page.locator("#title").textContent())!, /from 00:11:22:33:44:55/);
  assert.ok((await page.locator("#params tbody tr").count()) >= 2);
});

test("the dashboard and comparison fit a phone-sized screen", { skip }, async (t) => {
  const context = await browser.newContext({ httpCredentials: { username: "admin", password: "admin-pass" }, viewport: { width: 360, height: 640 } });
  t.after(() => context.close());
  const page = await context.newPage();
  for (const [path, ready] of [["/", "#phones"], ["/compare/001122334455", "#differences"]]) {
    await page.goto(server.url + path);
    await page.locator(ready).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px`);
  }
});

test("a monitor cannot open admin pages", { skip }, async (t) => {
  const context = await browser.newContext({ httpCredentials: { username: "monitor", password: "monitor-pass" } });
  t.after(() => context.close());
  const page = await context.newPage();
  for (const path of ["/reports", "/compare/001122334455"]) {
    const res = await page.goto(server.url + path);
    assert.equal(res?.status(), 403, path);
    assert.match(await page.locator("body").textContent() ?? "", /may not open this page/);
  }
  assert.equal((await page.goto(server.url + "/status"))?.status(), 200, "but status is theirs");
  await page.goto(server.url + "/");
  assert.equal(new URL(page.url()).pathname, "/status", "and / takes them there");
});
