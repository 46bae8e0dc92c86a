// XSS payloads in what phones and providers send us, shown on the admin pages (issue 19), in Debian's chromium:
// report values (report detail, comparison), an unknown phone's User-Agent (dashboard), a phone book's name and
// contact names (contact sources, the dialer's suggestions). The text is shown as text; no script runs.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { sourceWith, tel } from "../fixtures/contacts.ts";
import { FakePhone, reportXml } from "../fakes/phone.ts";
import { launchBrowser, skipWithoutBrowser } from "../helpers/browser.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const skip = skipWithoutBrowser;
const PAYLOADS = [`<img src=x onerror="window.injected=1">`, `<script>window.injected=2</script>`, `"><svg onload="window.injected=3">`, `javascript:window.injected=4`];
const HOSTILE = PAYLOADS.join(" ");

let server: TestServer;
let browser: Browser;
before(async () => {
  if (skip) return;
  server = await startTestServer({
    "serviceconfig.yml": `ip_whitelist: [127.0.0.1]\nauth:\n  enabled: true\n  users:\n    admin: {username: admin, password: admin-pass, role: admin}\n`,
    "phones.yml": `phones:\n  desk:\n    mac: "00:11:22:33:44:55"\n    Station_Name: desk\n`,
    "switchboard.yml": "directory:\n  default_keys: [hostilebook000000000]\n",
  });
  const report = reportXml({ Station_Name: HOSTILE, Display_Name_1_: HOSTILE, Profile_Rule: `https://x/${PAYLOADS[0]}` });
  assert.equal((await fetch(`${server.url}/report/001122334455`, { method: "POST", body: report })).status, 200);
  const stranger = new FakePhone({ mac: "d4adbeef0009" });
  await fetch(`${server.url}/d4adbeef0009.xml`, { headers: { "User-Agent": `${stranger.userAgent} ${HOSTILE}` } });
  sourceWith(server.app, "hostilebook000000000", [{ display_name: HOSTILE, numbers: [tel("mobile", "+49 170 5550001")] }]);
  const book = await fetch(`${server.url}/api/admin/phone-books`, {
    method: "POST",
    headers: { Authorization: `Basic ${Buffer.from("admin:admin-pass").toString("base64")}`, "Content-Type": "application/json", Origin: server.url },
    body: JSON.stringify({ label: PAYLOADS[2] + PAYLOADS[0], sources: ["hostilebook000000000"] }),
  });
  assert.ok(book.status < 300, await book.text());
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function noScriptRan(page: Page, where: string): Promise<void> {
  assert.equal(await page.evaluate(() => (window as unknown as { injected?: number }).injected), undefined, `${where}: an injected script ran`);
}

test("report values, an unknown phone's User-Agent, a phone book's name and contact names are shown as text; no script runs", { skip }, async (t) => {
  const context = await browser.newContext({ httpCredentials: { username: "admin", password: "admin-pass" } });
  t.after(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("dialog", (d) => (errors.push(`a dialog: ${d.message()}`), d.dismiss()));

  await page.goto(server.url + "/report-detail/1");
  await page.locator("#params tbody tr").first().waitFor();
  assert.match(await page.locator("#params").innerText(), /<img src=x onerror=/, "the value is shown as text");
  await noScriptRan(page, "report detail");

  await page.goto(server.url + "/compare/001122334455");
  await page.locator("#differences").waitFor();
  await page.waitForFunction(() => document.body.innerText.includes("<script>"));
  await noScriptRan(page, "comparison");

  await page.goto(server.url + "/");
  await page.locator('#unknown-phones tr[data-mac="d4adbeef0009"]').waitFor();
  await noScriptRan(page, "dashboard");

  await page.goto(server.url + "/contact-sources");
  await page.waitForFunction(() => document.body.innerText.includes('"><svg onload='));
  await noScriptRan(page, "contact sources");

  await page.goto(server.url + "/call");
  await page.fill("#number", "");
  await page.type("#number", "img");
  await page.waitForSelector("#suggestions li");
  assert.match(await page.locator("#suggestions").innerText(), /<img src=x/);
  await noScriptRan(page, "dialer suggestions");
  assert.deepEqual(errors, []);
});
