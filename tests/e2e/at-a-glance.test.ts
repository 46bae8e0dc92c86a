// The dashboard at a glance, in Debian's chromium: which phones are online, late, offline or never seen (from the
// last contact and Resync_Periodic), relative times with the exact time on hover, sort and filter that survive the
// page's own refresh, IP addresses on one line, and the 24-hour chart drawn from requests the phones really made.
import assert from "node:assert/strict";
import { after, before, test, type TestContext } from "node:test";
import type { Browser, Page } from "playwright-core";
import { saveConfigSightings } from "../../db/sightings.ts";
import { FakePhone } from "../fakes/phone.ts";
import { launchBrowser, skipWithoutBrowser } from "../helpers/browser.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const skip = skipWithoutBrowser;

// Every phone resyncs every 10 minutes (common.yml): online up to 11 minutes, late up to 31, offline after.
const FILES = {
  "common.yml": `common:\n  Resync_Periodic: "600"\n`,
  "phones.yml": `phones:
  desk: {mac: "001122334455", label: Front desk}
  lobby: {mac: "001122334466", label: Lobby}
  lab: {mac: "001122334477", label: Lab}
  spare: {mac: "001122334488", label: Spare, ip_address: "10.0.0.100"}
`,
  "firmware.yml": `firmware:\n  update_enabled: true\n  expected_version: "12.0.2"\n  upgrade_url: "http://fw.local/sip.loads"\n`,
};

/** A server whose phones have been at work: one online, one late, one offline, one never seen. */
async function phonesAtWork(): Promise<TestServer> {
  const server = await startTestServer(FILES);
  // The desk fetches its profile and reports; a new phone with old firmware is sent an upgrade.
  const desk = new FakePhone({ mac: "001122334455", firmware: "12.0.2" });
  assert.equal((await desk.fetchProfile(server.url)).status, 200);
  assert.equal((await desk.postReport(server.url)).status, 200);
  assert.match((await new FakePhone({ mac: "0011223344ff", firmware: "12.0.1" }).fetchProfile(server.url)).body, /Upgrade_Rule/);
  // The lobby last asked 20 minutes ago, the lab 2 hours ago, from addresses of their own.
  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  saveConfigSightings(server.app.db, [
    { mac: "001122334466", ip: "10.0.0.20", userAgent: "Cisco-CP-8841-3PCC/12.0.2 (001122334466)", model: "CP-8841-3PCC", firmware: "12.0.2", at: ago(20), requests: 1 },
    { mac: "001122334477", ip: "10.0.0.3", userAgent: "Cisco-CP-6841-3PCC/12.0.2 (001122334477)", model: "CP-6841-3PCC", firmware: "12.0.2", at: ago(120), requests: 1 },
  ]);
  return server;
}

// The tests that only look share a server; the one that changes what the phones did has its own.
let server: TestServer;
let browser: Browser;
before(async () => {
  if (skip) return;
  server = await phonesAtWork();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function dashboard(t: TestContext, viewport = { width: 1280, height: 900 }, on = server): Promise<Page> {
  const page = await browser.newPage({ viewport });
  t.after(() => page.close());
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  t.after(() => assert.deepEqual(errors, [], "no script errors"));
  await page.goto(on.url + "/");
  await page.locator("#phones tbody tr").first().waitFor();
  return page;
}

const labels = (page: Page) => page.locator("#phones tbody td.col-phone .muted").allInnerTexts();

test("each phone's dot says online, late, offline or never seen, from its last contact and Resync_Periodic", { skip }, async (t) => {
  const page = await dashboard(t);
  const state = (mac: string) => page.locator(`#phones tr[data-mac="${mac}"] .state`);
  assert.equal(await state("001122334455").innerText(), "online");
  assert.equal(await state("001122334466").innerText(), "late", "20 minutes is two resyncs missed");
  assert.equal(await state("001122334477").innerText(), "offline");
  assert.equal(await state("001122334488").innerText(), "never seen");
  const colours = await page.locator("#phones .state .dot").evaluateAll((dots) => dots.map((d) => getComputedStyle(d).backgroundColor));
  assert.equal(new Set(colours).size, 4, "four states, four colours");
  assert.match((await state("001122334466").getAttribute("title"))!, /resyncs every 10 minutes \(Resync_Periodic\)/);
  assert.match(await page.locator("#summary").innerText(), /^4 phones configured: 1 online, 2 late or offline, 1 never seen/);
  assert.deepEqual(await labels(page), [" Lab", " Lobby", " Spare", " Front desk"], "worst first");
});

test("times are relative, with the exact ISO time on hover", { skip }, async (t) => {
  const page = await dashboard(t);
  const lobby = page.locator('#phones tr[data-mac="001122334466"] td.col-config time');
  assert.equal(await lobby.innerText(), "20 min ago");
  assert.match((await lobby.getAttribute("title"))!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.equal(await page.locator('#phones tr[data-mac="001122334477"] td.col-config time').innerText(), "2 h ago");
  assert.equal(await page.locator('#phones tr[data-mac="001122334488"] td.col-config').innerText(), "never");
});

test("sort by a column and filter; both survive the page's own refresh and a reload", { skip }, async (t) => {
  const own = await phonesAtWork();
  t.after(() => own.close());
  const page = await dashboard(t, undefined, own);
  await page.getByRole("button", { name: "IP" }).click();
  await page.getByRole("button", { name: "IP" }).click();
  assert.equal(await page.locator("th", { has: page.getByRole("button", { name: "IP" }) }).getAttribute("aria-sort"), "descending");
  await page.fill("#phone-filter", "10.0.0");
  assert.deepEqual(await labels(page), [" Spare", " Lobby", " Lab"], "10.0.0.100 > .20 > .3: addresses sort by their numbers");
  assert.equal(await page.locator("#phone-count").innerText(), "3 of 4 phones");

  // The spare phone comes online from 127.0.0.1: at the next refresh it no longer matches the filter.
  assert.equal((await new FakePhone({ mac: "001122334488", firmware: "12.0.2" }).fetchProfile(own.url)).status, 200);
  await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange"))); // what the 30-second timer does
  await page.waitForFunction(() => document.querySelectorAll("#phones tbody tr").length === 2);
  assert.deepEqual(await labels(page), [" Lobby", " Lab"]);
  assert.equal(await page.inputValue("#phone-filter"), "10.0.0");

  const url = new URL(page.url());
  assert.deepEqual([url.searchParams.get("sort"), url.searchParams.get("dir"), url.searchParams.get("q")], ["ip", "desc", "10.0.0"]);
  await page.reload();
  await page.locator("#phones tbody tr").first().waitFor();
  assert.deepEqual(await labels(page), [" Lobby", " Lab"]);
});

test("an IP address stays on one line when the table is narrow", { skip }, async (t) => {
  const page = await dashboard(t, { width: 700, height: 900 });
  const lines = await page.locator("#phones td.col-ip .ip").evaluateAll((cells) => cells.map((c) => {
    const range = document.createRange();
    range.selectNodeContents(c);
    return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size;
  }));
  assert.ok(lines.length === 4 && lines.every((n) => n === 1), `lines per address: ${lines}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
});

test("the chart shows the last 24 hours of config requests, reports and firmware upgrades", { skip }, async (t) => {
  const page = await dashboard(t);
  const series = page.locator("#activity-svg g.series");
  assert.deepEqual(await series.evaluateAll((gs) => gs.map((g) => g.getAttribute("data-series"))), ["config_requests", "reports", "firmware_upgrades"]);
  const counts = (name: string) => page.locator(`#activity-svg g[data-series="${name}"] rect`).evaluateAll((rs) => rs.map((r) => Number(r.getAttribute("data-count"))));
  const requests = await counts("config_requests");
  assert.equal(requests.length, 24, "one bar per hour");
  assert.ok(requests[23] >= 2, "the desk's and the new phone's requests, in the current hour");
  assert.equal(requests.slice(0, 23).reduce((a, b) => a + b), 0);
  assert.equal((await counts("reports"))[23], 1);
  assert.equal((await counts("firmware_upgrades"))[23], 1);
  assert.match(await page.locator("#activity-summary").innerText(), /1 report, 1 firmware upgrade\.$/);
  assert.match((await page.locator('#activity-svg g[data-series="reports"] rect').last().locator("title").textContent())!, /^\d\d:00–\d\d:00: 1 report$/);
});
