// The web contacts viewer in Debian's chromium: sign in with SIP username, password and cloud ID, the master device
// (remembered, changeable in settings), search, on-net badges, tel: links, the desk-phone dialer for a browser
// signed in to the dashboard, and back to the sign-in when the token no longer works.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser, skipWithoutBrowser } from "../helpers/browser.ts";
import { ADMIN_AND_MONITOR_SERVICECONFIG, startTestServer, type TestServer } from "../helpers/server.ts";
import { seedAccount } from "../helpers/sip-api.ts";
import { DOMAIN, requestToken, SETTINGS, SyncClient, unique } from "../sync/helpers.ts";

const skip = skipWithoutBrowser;
let server: TestServer;
let browser: Browser;

before(async () => {
  if (skip) return;
  server = await startTestServer({ "serviceconfig.yml": ADMIN_AND_MONITOR_SERVICECONFIG, "switchboard.yml": SETTINGS });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const tel = (uri: string, label = "work") => ({ entryId: "tel:0", label, type: "tel", uri });

/** A SIP user whose phone app synced two devices; a colleague on this server is in the iPhone's address book. */
async function userWithDevices(): Promise<{ username: string; password: string; colleague: string; app: SyncClient }> {
  const username = unique("viewer");
  seedAccount(server.app.db, { username, domain: DOMAIN, password: "viewer-pw" });
  const colleague = unique("colleague");
  const phone = `+4930${String(Date.now()).slice(-7)}`;
  seedAccount(server.app.db, { username: colleague, domain: DOMAIN, phone });
  const app = new SyncClient(server, (await requestToken(server, { username, password: "viewer-pw", cloud_id: "acme" })).json().token);
  await app.putDevice("iphone", { name: "iPhone", platform: "ios" });
  await app.putDevice("ipad", { name: "iPad", platform: "ios" });
  await app.upload("iphone", {
    upsert: [
      { contactId: "1", checksum: "a", displayName: "Anna Müller", company: "Müller GmbH", contactEntries: [tel("+49 170 1234567", "mobile")] },
      { contactId: "2", checksum: "b", displayName: "Colleague Bernd", contactEntries: [tel(`0${phone.slice(3, 5)} ${phone.slice(5)}`)] },
      { contactId: "3", checksum: "c", displayName: '<img src=x onerror="window.injected=1">Zoe', contactEntries: [tel("0221 555")] },
    ],
  });
  await app.upload("ipad", { upsert: [{ contactId: "9", checksum: "z", displayName: "Only On iPad", contactEntries: [tel("+44 20 7946 0000")] }] });
  return { username, password: "viewer-pw", colleague, app };
}

async function viewer(context?: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await (context ?? (await browser.newContext())).newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}/contacts`);
  return { page, errors };
}

async function signIn(page: Page, username: string, password: string, cloudId = "acme"): Promise<void> {
  await page.fill("#username", username);
  await page.fill("#password", password);
  await page.fill("#cloud-id", cloudId);
  await page.click("#sign-in button[type=submit]");
}

const names = (page: Page) => page.locator("#contacts li.contact .name strong").allInnerTexts();

test("sign in, see the largest device's contacts, badges and tel: links; choose the master device; search", { skip }, async (t) => {
  const u = await userWithDevices();
  const context = await browser.newContext();
  t.after(() => context.close());
  const { page, errors } = await viewer(context);
  await signIn(page, u.username, u.password);
  await page.locator("#contacts li.contact").first().waitFor();
  assert.deepEqual(await names(page), ['<img src=x onerror="window.injected=1">Zoe', "Anna Müller", "Colleague Bernd"].sort((a, b) => a.localeCompare(b)));
  assert.equal(await page.evaluate(() => (window as unknown as { injected?: number }).injected), undefined, "contact data stays text");
  assert.match(await page.textContent("#message") ?? "", /Choose your master device/);
  assert.equal(await page.getAttribute("#settings", "open"), "", "settings open to choose");

  const bernd = page.locator("li.contact", { hasText: "Colleague Bernd" });
  assert.equal(await bernd.locator(".badge").innerText(), "on-net");
  assert.equal(await bernd.locator(".badge").getAttribute("title"), `On this service: sip:${u.colleague}@${DOMAIN}`);
  assert.equal(await page.locator("li.contact", { hasText: "Anna" }).locator(".badge").count(), 0);
  assert.equal(await page.locator("li.contact", { hasText: "Anna" }).locator("a[href^='tel:']").getAttribute("href"), "tel:+491701234567");
  assert.equal(await page.locator("a.dial").count(), 0, "not signed in to the dashboard: no desk-phone dialer");

  await page.fill("#q", "mull");
  assert.deepEqual(await names(page), ["Anna Müller"], "accents and case do not matter");
  await page.fill("#q", "0221 555");
  assert.equal((await names(page)).length, 1);
  await page.fill("#q", "");

  await page.selectOption("#master", "ipad");
  await page.waitForFunction(() => document.querySelectorAll("#contacts li.contact").length === 1);
  assert.deepEqual(await names(page), ["Only On iPad"]);
  await page.reload();
  await page.locator("#contacts li.contact").first().waitFor();
  assert.deepEqual(await names(page), ["Only On iPad"], "still signed in in this tab, and the master device is remembered");
  assert.equal(await page.inputValue("#master"), "ipad");
  assert.equal(await page.locator('#master option[value="ipad"]').textContent(), "iPad (ios) — 1 contact", "a count agrees with its number");

  const storage = await page.evaluate(() => ({ session: sessionStorage.getItem("switchboard.contacts.session") ?? "", local: JSON.stringify(localStorage), cookie: document.cookie }));
  assert.match(storage.session, /"token":"[\w-]{40,}"/);
  assert.doesNotMatch(storage.local, /token/, "the token is never kept in localStorage");
  assert.equal(storage.cookie, "");

  await page.click("#sign-out");
  await page.locator("#sign-in").waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem("switchboard.contacts.session")), null);
  assert.deepEqual(errors, []);
});

test("a wrong password is said at the form", { skip }, async (t) => {
  const u = await userWithDevices();
  const { page, errors } = await viewer();
  t.after(() => page.context().close());
  await signIn(page, u.username, "not-it");
  await page.locator("#sign-in .form-error:not([hidden])").waitFor();
  assert.equal(await page.innerText("#sign-in .form-error"), "Wrong username or password.");
  assert.equal(await page.isHidden("#book"), true);
  assert.deepEqual(errors, []);
});

test("a browser signed in to the dashboard also gets the desk-phone dialer link", { skip }, async (t) => {
  const u = await userWithDevices();
  const context = await browser.newContext({ httpCredentials: { username: "admin", password: "admin-pass" } });
  t.after(() => context.close());
  // Signed in on the dashboard first: from then on the browser sends those Basic credentials by itself.
  const dashboard = await context.newPage();
  assert.equal((await dashboard.goto(`${server.url}/`))?.status(), 200);
  const { page, errors } = await viewer(context);
  await signIn(page, u.username, u.password);
  const anna = page.locator("li.contact", { hasText: "Anna" });
  await anna.waitFor();
  assert.equal(await anna.locator("a.dial").getAttribute("href"), "/call?num=%2B491701234567");
  assert.deepEqual(errors, []);
});

test("when a newer sign-in replaces the token, the viewer asks to sign in again", { skip }, async (t) => {
  const u = await userWithDevices();
  const { page, errors } = await viewer();
  t.after(() => page.context().close());
  await signIn(page, u.username, u.password);
  await page.locator("#contacts li.contact").first().waitFor();
  await requestToken(server, { username: u.username, password: u.password, cloud_id: "acme" });
  await page.selectOption("#master", "ipad");
  await page.locator("#sign-in").waitFor();
  assert.match(await page.innerText("#message"), /sign in again/);
  // The same on opening the page with a token that no longer works.
  await signIn(page, u.username, u.password);
  await page.locator("#contacts li.contact").first().waitFor();
  await requestToken(server, { username: u.username, password: u.password, cloud_id: "acme" });
  await page.reload();
  await page.locator("#sign-in").waitFor();
  assert.match(await page.innerText("#message"), /sign in again/);
  assert.equal(await page.locator("main > p.banner.error").count(), 0, "said once, not as a second error");
  assert.deepEqual(errors, []);
});
