// The reports page in Debian's chromium: one row per phone with "show all" for a chatty one, the filter by name
// or part of a MAC kept in the URL, pages, and a failed load that says so instead of "Loading…".
import assert from "node:assert/strict";
import { after, before, test, type TestContext } from "node:test";
import type { Browser, Page } from "playwright-core";
import { addReport } from "../../db/reports.ts";
import { launchBrowser, skipWithoutBrowser } from "../helpers/browser.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const skip = skipWithoutBrowser;

let server: TestServer;
let browser: Browser;
before(async () => {
  if (skip) return;
  server = await startTestServer({ "phones.yml": `phones:\n  desk: {mac: "001122334455", label: Front desk}\n` });
  let n = 0;
  const report = (mac: string) => addReport(server.app.db, {
    mac, receivedAt: new Date(Date.now() - 3_600_000 + n++ * 1000).toISOString(), clientIp: "10.0.0.9", userAgent: "test",
    reportType: "status", paramsJson: "{}", paramCount: 0, rawXml: "<flat-profile/>",
  }, 1000);
  for (let i = 0; i < 55; i++) report(`0a0000000${String(i).padStart(3, "0")}`);
  for (let i = 0; i < 70; i++) report("001122334455");
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(t: TestContext, path: string): Promise<Page> {
  const page = await browser.newPage();
  t.after(() => page.close());
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  t.after(() => assert.deepEqual(errors, [], "no script errors"));
  await page.goto(server.url + path);
  return page;
}

const rows = (page: Page) => page.locator("#reports tbody tr");

test("a chatty phone is one row with 'Show all', which lists its reports page by page", { skip }, async (t) => {
  const page = await open(t, "/reports");
  await rows(page).first().waitFor();
  assert.equal(await rows(page).count(), 50);
  assert.equal(await page.locator("#reports-summary").innerText(), "56 phones reported.");
  const desk = page.locator('#reports tr[data-mac="001122334455"]');
  assert.match(await desk.innerText(), /Front desk/);
  await desk.getByRole("link", { name: "Show all 70" }).click();
  await page.waitForURL((u) => u.searchParams.get("mac") === "001122334455");
  await rows(page).first().waitFor();
  assert.equal(await rows(page).count(), 50);
  assert.match(await page.locator("#reports-summary").innerText(), /^70 reports of Front desk \(00:11:22:33:44:55\)/);
  assert.equal(await page.locator("#reports-pages").innerText(), "Page 1 of 2 Older");
  await page.getByRole("link", { name: "Older" }).click();
  await page.waitForURL((u) => u.searchParams.get("page") === "2");
  await page.waitForFunction(() => document.querySelectorAll("#reports tbody tr").length === 20);
});

test("the filter by name or part of a MAC stays in the URL", { skip }, async (t) => {
  const page = await open(t, "/reports");
  await rows(page).first().waitFor();
  await page.fill("#report-filter", "front");
  await page.press("#report-filter", "Enter");
  await page.waitForURL((u) => u.searchParams.get("q") === "front");
  await page.waitForFunction(() => document.querySelectorAll("#reports tbody tr").length === 1);
  assert.equal(await page.locator("#reports-summary").innerText(), "1 phone matching “front”.");
  await page.goto(server.url + "/reports?q=0a:00:00:00:00:1");
  await page.waitForFunction(() => document.querySelectorAll("#reports tbody tr").length === 10);
  assert.equal(await page.inputValue("#report-filter"), "0a:00:00:00:00:1");
});

test("when the list cannot be loaded the page says so instead of 'Loading…'", { skip }, async (t) => {
  const page = await browser.newPage();
  t.after(() => page.close());
  await page.route("**/api/admin/reports?**", (route) => route.fulfill({ status: 500, contentType: "application/json", body: '{"error":"Internal server error"}' }));
  await page.goto(server.url + "/reports");
  await page.getByRole("alert").waitFor();
  assert.equal(await page.getByText("Loading…").count(), 0);
  assert.match(await page.locator("#reports-container").innerText(), /^Not loaded: Internal server error/);
});
