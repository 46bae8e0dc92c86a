// Each role's pages in Debian's chromium: the navigation shows only links the signed-in role may open (and each
// of them opens), / lands each role on a page it may see, switchboard.yml `name` is in titles and navigation, and
// the dialer says where its suggestions come from.
import assert from "node:assert/strict";
import { after, before, test, type TestContext } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, skipWithoutBrowser } from "../helpers/browser.ts";
import { ADMIN_AND_MONITOR_SERVICECONFIG, startTestServer, type TestServer } from "../helpers/server.ts";

const skip = skipWithoutBrowser;

const USERS = { admin: "admin-pass", monitor: "monitor-pass", dialer: "user-pass" };

let server: TestServer;
let browser: Browser;
before(async () => {
  if (skip) return;
  server = await startTestServer({
    "serviceconfig.yml": `${ADMIN_AND_MONITOR_SERVICECONFIG}    dialer: {username: dialer, password: user-pass, role: user}\n`,
    "switchboard.yml": `name: "Acme & Co Phones"\n`,
    "phones.yml": `phones:\n  desk: {mac: "001122334455", label: Front desk, devicename: SEP001122334455}\n`,
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function signedIn(t: TestContext, username: keyof typeof USERS): Promise<Page> {
  const context = await browser.newContext({ httpCredentials: { username, password: USERS[username] } });
  t.after(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  t.after(() => assert.deepEqual(errors, [], "no script errors"));
  return page;
}

/** The navigation's links, and the status each of them answers this browser with. */
async function navigation(page: Page): Promise<{ links: string[]; statuses: number[] }> {
  const nav = page.locator("header.top a");
  const links = await nav.allInnerTexts();
  const hrefs = await nav.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  const statuses = await Promise.all(hrefs.map(async (href) => (await page.request.get(href)).status()));
  return { links, statuses };
}

for (const [username, landing, links] of [
  ["admin", "/", ["Phones", "Reports", "Fleet", "Audit log", "Contact sources", "SIP accounts", "Dialer", "Status"]],
  ["monitor", "/status", ["Status"]],
  ["dialer", "/call", ["Dialer"]],
] as const) {
  test(`${username} lands on ${landing} and sees only links it may open`, { skip }, async (t) => {
    const page = await signedIn(t, username);
    assert.equal((await page.goto(server.url + "/"))?.status(), 200, "no 403 at the start page");
    assert.equal(new URL(page.url()).pathname, landing);
    const nav = await navigation(page);
    assert.deepEqual(nav.links, links);
    assert.ok(nav.statuses.every((s) => s === 200), `every link opens: ${nav.statuses}`);
    assert.equal(await page.locator("header.top .brand").innerText(), "Acme & Co Phones");
    assert.match(await page.title(), / · Acme & Co Phones$/);
  });
}

test("every admin page's title and brand carry switchboard.yml's name", { skip }, async (t) => {
  const page = await signedIn(t, "admin");
  for (const [path, title] of [["/", "Phones"], ["/reports", "Reports"], ["/contact-sources", "Contact sources"], ["/accounts", "SIP accounts"], ["/call", "Dial"], ["/status", "Status"]]) {
    await page.goto(server.url + path);
    assert.equal(await page.title(), `${title} · Acme & Co Phones`, path);
    assert.equal(await page.locator("header.top .brand").innerText(), "Acme & Co Phones", path);
    assert.equal(await page.locator('link[rel="icon"]').getAttribute("href"), "/favicon.ico", path);
  }
});

test("the dialer without a phone-book key says why there are no suggestions; with one, where they come from", { skip }, async (t) => {
  const page = await signedIn(t, "dialer");
  await page.goto(server.url + "/call");
  await page.locator("#suggestion-source:not(:empty)").waitFor();
  assert.match(await page.locator("#suggestion-source").innerText(), /^No suggestions: this link names no phone book and switchboard.yml sets no directory.default_keys/);
  assert.equal(await page.locator("#number").getAttribute("aria-describedby"), "suggestion-source");
  await page.goto(server.url + "/call?key=0123456789abcdef0123456789abcdef");
  await page.locator("#suggestion-source:not(:empty)").waitFor();
  assert.equal(await page.locator("#suggestion-source").innerText(), "Suggestions come from the phone book this link names.");
});
