// The contact-sources page's keys in Debian's chromium at a phone's width (390 px): each key has a button that
// copies it and a link to its overview with the URLs to paste into the phones; nothing overflows sideways and no
// word is broken in the middle.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test, type TestContext } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, skipWithoutBrowser } from "../helpers/browser.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const skip = skipWithoutBrowser;
const PHONEBOOK = readFileSync(new URL("../fixtures/fritzbox-phonebook.xml", import.meta.url), "utf8");

let server: TestServer;
let browser: Browser;
let sourceKey: string;
let bookKey: string;
before(async () => {
  if (skip) return;
  server = await startTestServer();
  const post = async (path: string, body: unknown) => {
    const res = await server.request(path, { method: "POST", headers: { "Content-Type": "application/json", Origin: server.url }, body: JSON.stringify(body) });
    assert.ok(res.status < 300, res.body);
    return JSON.parse(res.body);
  };
  sourceKey = (await post("/api/admin/contact-sources", { xml: PHONEBOOK, label: "Home FRITZ!Box phone book" })).key;
  bookKey = (await post("/api/admin/phone-books", { label: "Office and home", sources: [sourceKey] })).key;
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function sourcesPage(t: TestContext): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  t.after(() => context.close());
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  t.after(() => assert.deepEqual(errors, [], "no script errors"));
  await page.goto(server.url + "/contact-sources");
  await page.locator(`#sources tr[data-key="${sourceKey}"]`).waitFor();
  return page;
}

test("a source's key is copied by its button", { skip }, async (t) => {
  const page = await sourcesPage(t);
  const button = page.getByRole("button", { name: "Copy the key of Home FRITZ!Box phone book" });
  await button.click();
  // The label changes once the clipboard has taken the key (a promise), and changes back 2 s later.
  await button.filter({ hasText: "Copied" }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), sourceKey);
});

test("a phone book's key links to its overview, which has the URLs to paste and the navigation bar", { skip }, async (t) => {
  const page = await sourcesPage(t);
  await page.locator(`#books tr[data-key="${bookKey}"]`).getByRole("link", { name: /^Overview of Office and home/ }).click();
  await page.waitForURL((u) => u.pathname === "/" && u.searchParams.get("key") === bookKey);
  assert.ok((await page.locator("#directory-url").innerText()).endsWith(`/cisco/directory?key=${bookKey}`));
  assert.ok(await page.locator("header.top").getByRole("link", { name: "Contact sources" }).isVisible(), "the navigation bar");
});

/** Words (runs of letters) in `selector`'s text that the layout split over two lines. */
const brokenWords = (page: Page, selector: string) => page.locator(selector).evaluateAll((roots) => {
  const broken: string[] = [];
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent!.matchAll(/[\p{L}\d!]+/gu)) {
        const range = document.createRange();
        range.setStart(node, m.index!);
        range.setEnd(node, m.index! + m[0].length);
        const tops = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
});

test("at 390 px the page does not scroll sideways and breaks no word, keys included", { skip }, async (t) => {
  const page = await sourcesPage(t);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  assert.deepEqual(await brokenWords(page, "main"), []);
  const wider = await page.locator("main *").evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5).map((e) => e.tagName + "." + e.className));
  assert.deepEqual(wider, [], "nothing reaches past the screen's edge");
});
