// In Debian's chromium: the compare page tells drift (red, counted) from a change the phone has not fetched yet,
// from a ua: rw parameter changed on the phone, and from unexpected parameters (collapsed, filtered, counted);
// "Compare" on an older report compares that report and says so.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, BrowserContext } from "playwright-core";
import { launchBrowser, skipWithoutBrowser } from "../helpers/browser.ts";
import { FakePhone, bulkParams } from "../fakes/phone.ts";
import { ADMIN_AND_MONITOR_SERVICECONFIG, startTestServer, type TestServer } from "../helpers/server.ts";

const skip = skipWithoutBrowser;
const MAC = "001122334455";
const PHONES = `phones:
  desk:
    mac: "00:11:22:33:44:55"
    Station_Name: desk
    Date_Format: day/month
    Time_Format: 24hr
    Ring_Tone: {value: "Chirp 1", ua: rw}
`;
const UNEXPECTED = 300;

let server: TestServer;
let browser: Browser;
let olderReport: number;
let newestReport: number;
before(async () => {
  if (skip) return;
  server = await startTestServer({ "serviceconfig.yml": ADMIN_AND_MONITOR_SERVICECONFIG, "phones.yml": PHONES });
  const phone = new FakePhone({ mac: MAC });
  assert.equal((await phone.fetchProfile(server.url)).status, 200);
  phone.config.Station_Name = "old-name";
  olderReport = (await phone.postReport(server.url)).json.id as number;
  phone.config.Station_Name = "desk";
  phone.config.Date_Format = "month/day"; // drift
  phone.config.Ring_Tone = "Chirp 2"; // the user's own choice
  // A real phone reports about a thousand parameters no config file sets.
  newestReport = (await phone.postReport(server.url, { params: { ...bulkParams(UNEXPECTED - 1), Call_Waiting_Serv: "Yes", ...phone.config } })).json.id as number;
  server.writeConfig("phones.yml", PHONES.replace("Time_Format: 24hr", "Time_Format: 12hr")); // not fetched yet
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function admin(t: { after: (fn: () => Promise<void>) => void }, viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  const context = await browser.newContext({ httpCredentials: { username: "admin", password: "admin-pass" }, viewport });
  t.after(() => context.close());
  return context;
}

test("drift, waiting for a resync, changed on the phone and unexpected are shown apart", { skip }, async (t) => {
  const page = await (await admin(t)).newPage();
  await page.goto(`${server.url}/compare/${MAC}`);
  await page.locator("#differences").waitFor();
  assert.deepEqual(await page.locator("#differences tbody tr").allInnerTexts().then((rows) => rows.map((r) => r.split("\t"))),
    [["Date_Format", "day/month", "month/day", "value mismatch"]], "drift: only the real mismatch");
  assert.equal(await page.locator("#differences-section h2").textContent(), "Drift: 1 difference");

  const banner = page.locator("#resync");
  assert.ok(await banner.isVisible());
  assert.match((await banner.textContent())!, /^The configuration changed (just now|\d+ min ago); the phone has not fetched it since \(last fetch (just now|\d+ min ago)\)\. 1 changed parameter is listed under “Waiting for the phone's resync”, not as drift\.$/);
  assert.deepEqual(await page.locator("#not-resynced tbody tr td").allTextContents(), ["Time_Format", "12hr", "24hr"]);
  assert.deepEqual(await page.locator("#changed-on-phone tbody tr td").allTextContents(), ["Ring_Tone", "Chirp 1", "Chirp 2"]);
  assert.match((await page.locator("#summary").textContent())!, /1 difference, 1 waiting for a resync, 1 changed on the phone, 300 unexpected/);
});

test("unexpected parameters are collapsed, counted and filtered", { skip }, async (t) => {
  const page = await (await admin(t)).newPage();
  await page.goto(`${server.url}/compare/${MAC}`);
  await page.locator("#unexpected-details").waitFor();
  assert.equal(await page.locator("#unexpected-section h2").textContent(), `Unexpected parameters (${UNEXPECTED})`);
  assert.equal(await page.locator("#unexpected-details").getAttribute("open"), null, "collapsed");
  assert.equal(await page.locator("#unexpected").isVisible(), false);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(height < 2500, `the collapsed page is ${height}px tall`);
  assert.ok(await page.locator("#export").isVisible(), "the export stays at hand");

  await page.locator("#unexpected-details summary").click();
  assert.equal(await page.locator("#unexpected tbody tr:visible").count(), UNEXPECTED);
  assert.equal(await page.locator("#unexpected-count").textContent(), `${UNEXPECTED} of ${UNEXPECTED} shown`);
  await page.locator("#unexpected-filter").fill("call_wait");
  assert.equal(await page.locator("#unexpected-count").textContent(), `1 of ${UNEXPECTED} shown`);
  assert.deepEqual(await page.locator("#unexpected tbody tr:visible td").allTextContents(), ["Call_Waiting_Serv", "Yes"]);
  await page.locator("#unexpected-filter").fill("value 12");
  assert.equal(await page.locator("#unexpected tbody tr:visible").count(), 11, "values match too: value 12, 120-129");
  await page.locator("#unexpected-filter").fill("");
  assert.equal(await page.locator("#unexpected tbody tr:visible").count(), UNEXPECTED);
});

test("Compare on an older report compares that report and says which", { skip }, async (t) => {
  const page = await (await admin(t)).newPage();
  await page.goto(`${server.url}/reports?mac=${MAC}`);
  await page.locator(`#reports a.compare[href$="report=${olderReport}"]`).click();
  await page.waitForURL(`**/compare/${MAC}?report=${olderReport}`);
  await page.locator("#differences").waitFor();
  assert.equal(await page.locator("#report-link").textContent(), String(olderReport));
  assert.ok((await page.locator("#report-time").textContent())!.length > 0);
  assert.equal(await page.locator("#newest-link").textContent(), `compare the newest, ${newestReport}`);
  assert.deepEqual(await page.locator("#differences tbody tr td:first-child").allTextContents(), ["Station_Name"], "the older report's drift");

  await page.goto(`${server.url}/report-detail/${newestReport}`);
  await page.locator("#compare-link").click();
  await page.waitForURL(`**/compare/${MAC}?report=${newestReport}`);
  await page.locator("#differences").waitFor();
  assert.match((await page.locator("#summary").textContent())!, /\(the newest\)/);
});

test("the compare page with its filter fits a 390 px screen", { skip }, async (t) => {
  const page = await (await admin(t, { width: 390, height: 800 })).newPage();
  await page.goto(`${server.url}/compare/${MAC}`);
  await page.locator("#unexpected-details summary").click();
  await page.locator("#unexpected-filter").waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `scrolls sideways by ${overflow}px`);
});

test("once the phone fetched the change, the page waits for its next report instead", { skip }, async (t) => {
  assert.equal((await new FakePhone({ mac: MAC }).fetchProfile(server.url)).status, 200);
  const page = await (await admin(t)).newPage();
  await page.goto(`${server.url}/compare/${MAC}`);
  await page.locator("#differences").waitFor();
  assert.match((await page.locator("#resync").textContent())!, /^The phone fetched the changed configuration (just now|\d+ min ago), after this report; its next report will show it\. 1 changed parameter/);
  assert.deepEqual(await page.locator("#not-resynced tbody tr td:first-child").allTextContents(), ["Time_Format"]);
});

test("an older report the phone has resynced and reported since says the newest report shows the change", { skip }, async (t) => {
  const phone = new FakePhone({ mac: MAC });
  assert.equal((await phone.fetchProfile(server.url)).status, 200);
  assert.equal((await phone.postReport(server.url)).status, 200);
  const page = await (await admin(t)).newPage();
  await page.goto(`${server.url}/compare/${MAC}?report=${newestReport}`);
  await page.locator("#not-resynced").waitFor();
  assert.match((await page.locator("#resync").textContent())!,
    /^The configuration changed after this report; the phone has fetched it \((just now|\d+ min ago)\) and reported since: the newest report shows it\. 1 changed parameter is listed under “Changed after this report”, not as drift\.$/);
  assert.equal(await page.locator("#not-resynced-section h2").textContent(), "Changed after this report (1)");
});
