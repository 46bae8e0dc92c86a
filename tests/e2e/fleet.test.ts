// In Debian's chromium: a bulk resync from the fleet page with its progress bar and the failed phone's answer;
// a phone's history page comparing two versions and pinning one; the audit log listing both actions.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { startFakePhoneWeb, type FakePhoneWeb } from "../fakes/phone-direct-action.ts";
import { launchBrowser, skipWithoutBrowser } from "../helpers/browser.ts";
import { ADMIN_AND_MONITOR_SERVICECONFIG, startTestServer, type TestServer } from "../helpers/server.ts";

const skip = skipWithoutBrowser;
const mac = (i: number) => `00112233440${i}`;
const phonesYml = (station: string) => "phones:\n" + Array.from({ length: 6 }, (_, i) =>
  `  p${i}:\n    mac: "${mac(i)}"\n    group: office\n    ip_address: 127.0.0.1\n    Station_Name: ${i === 0 ? station : `p${i}`}\n${i === 5 ? "    Admin_Password: stale\n" : ""}`).join("");

let phone: FakePhoneWeb;
let server: TestServer;
let browser: Browser;
before(async () => {
  if (skip) return;
  phone = await startFakePhoneWeb(() => "adm1n");
  server = await startTestServer({
    "serviceconfig.yml": ADMIN_AND_MONITOR_SERVICECONFIG,
    "phones.yml": phonesYml("desk-v1"),
    "common.yml": `common:\n  Enable_Direct_Action_Url: "Yes"\n  Admin_Password: adm1n\n  Web_Server_Port: "${phone.port}"\n`,
    "switchboard.yml": "resync: {concurrency: 2, timeout_seconds: 5}\n",
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await phone?.close();
});

test("a group resync shows its progress and the failed phone's answer; a phone's versions are compared and pinned; the audit log lists it", { skip }, async (t) => {
  const context = await browser.newContext({ httpCredentials: { username: "admin", password: "admin-pass" } });
  t.after(() => context.close());
  const page = await context.newPage();

  phone.delayMs = 150;
  assert.equal((await page.goto(server.url + "/fleet"))?.status(), 200);
  await page.locator('#fleet-target option[value="group:office"]').waitFor({ state: "attached" });
  await page.selectOption("#fleet-target", "group:office");
  // Every value the bar shows, as the page renders it (polling could otherwise pass the first ones by).
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { seen: string[] }).seen = []);
    new MutationObserver(() => {
      const bar = document.getElementById("job-progress");
      if (bar && seen.at(-1) !== bar.getAttribute("value")) seen.push(`${bar.getAttribute("value")}/${bar.getAttribute("max")}`);
    }).observe(document.getElementById("job")!, { subtree: true, childList: true, attributes: true });
  });
  await page.click("#fleet-resync");
  await page.locator("#job-result").waitFor({ timeout: 10_000 });
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  assert.equal(seen[0], "0/6", "the bar appears at 0 of 6");
  assert.equal(seen.at(-1), "6/6");
  assert.equal(await page.textContent("#job-count"), "6 of 6 done");
  assert.match((await page.textContent("#job-result"))!, /5 phones answered OK, 1 failed/);
  assert.match((await page.textContent("#job-failures"))!, /p5 \(00:11:22:33:44:05\): HTTP 401: the phone refused the Admin_Password/);
  assert.equal(phone.maxInFlight, 2);
  await page.locator("#jobs-table tbody tr").first().waitFor();

  server.writeConfig("phones.yml", phonesYml("desk-v2"));
  assert.equal((await page.goto(`${server.url}/phone-history/${mac(0)}`))?.status(), 200);
  const rows = page.locator("#versions-table tbody tr");
  await rows.nth(1).waitFor();
  assert.equal(await rows.count(), 2);
  assert.match((await rows.nth(0).textContent())!, /configured/);
  await rows.nth(0).locator("input[type=checkbox]").check();
  await rows.nth(1).locator("input[type=checkbox]").check();
  await page.locator("#diff-table").waitFor();
  assert.deepEqual(await page.locator("#diff-table tbody tr td").allTextContents(), ["Station_Name", "desk-v1", "desk-v2"]);
  await rows.nth(1).locator("button.pin").click();
  await page.locator("#pin-state:not([hidden])").waitFor();
  assert.match((await page.textContent("#pin-state"))!, /Pinned to version .* by admin/);

  assert.equal((await page.goto(server.url + "/audit-log"))?.status(), 200);
  await page.locator("#audit-table").waitFor();
  const actions = await page.locator("#audit-table tbody tr td:nth-child(3)").allTextContents();
  assert.deepEqual(actions, ["pin", "resync"]);
});
