// Words and dates on the admin pages in Debian's chromium: counts agree with their number ("1 difference"), every
// page writes a time as "2026-01-05 14:03", and titles set by a page's script carry switchboard.yml's name.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { FakePhone } from "../fakes/phone.ts";
import { launchBrowser, skipWithoutBrowser } from "../helpers/browser.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const skip = skipWithoutBrowser;
const DATE = /^\d{4}-\d\d-\d\d \d\d:\d\d$/;

let server: TestServer;
let browser: Browser;
before(async () => {
  if (skip) return;
  server = await startTestServer({
    "switchboard.yml": "name: Acme Phones\n",
    "phones.yml": `phones:\n  desk: {mac: "001122334455", Station_Name: desk, Time_Format: 24hr}\n`,
  });
  const phone = new FakePhone({ mac: "001122334455" });
  assert.equal((await phone.fetchProfile(server.url)).status, 200);
  phone.config.Time_Format = "12hr";
  assert.equal((await phone.postReport(server.url)).status, 200);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("the comparison says '1 difference' and its title carries the instance's name", { skip }, async (t) => {
  const page = await browser.newPage();
  t.after(() => page.close());
  await page.goto(server.url + "/compare/001122334455");
  await page.locator("#differences").waitFor();
  const summary = await page.locator("#summary").innerText();
  assert.match(summary, /: 1 difference, /, summary);
  assert.match(summary, /received \d{4}-\d\d-\d\d \d\d:\d\d\b/);
  assert.equal(await page.title(), "Comparison 00:11:22:33:44:55 · Acme Phones");
});

test("a report's page title, set by its script, carries the instance's name", { skip }, async (t) => {
  const page = await browser.newPage();
  t.after(() => page.close());
  await page.goto(server.url + "/reports?mac=001122334455");
  await page.locator("#reports time").first().click();
  await page.locator("#params").waitFor();
  assert.match(await page.title(), /^Report \d+ · Acme Phones$/);
});

test("the reports and the dashboard write times the same way", { skip }, async (t) => {
  const page = await browser.newPage();
  t.after(() => page.close());
  await page.goto(server.url + "/reports?mac=001122334455");
  await page.locator("#reports time").first().waitFor();
  for (const text of await page.locator("#reports time").allInnerTexts()) assert.match(text, DATE);
  await page.goto(server.url + "/");
  await page.locator("#phones time").first().waitFor();
  assert.match((await page.locator("#phones time").first().getAttribute("title"))!, /^\d{4}-\d\d-\d\dT/, "relative, the exact time on hover");
});
