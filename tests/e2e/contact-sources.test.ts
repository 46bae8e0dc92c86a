// The whole connect flow in a real browser: the admin page's connect button, consent on the fake
// provider's page, back on the overview with the key; then the page's own actions.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { launchBrowser, skipWithoutBrowser } from "../helpers/browser.ts";
import { listContacts } from "../../db/contacts.ts";
import { getSourceByKey } from "../../db/contact-sources.ts";
import { graphContact, startWithFakes, type Setup } from "../contacts/helpers.ts";

const skip = skipWithoutBrowser;

let s: Setup;
let browser: Browser;
before(async () => {
  if (skip) return;
  s = await startWithFakes();
  for (let i = 0; i < 250; i++) s.microsoft.put("", graphContact(i));
  s.microsoft.put("private", graphContact(9000, { displayName: "Émile Zoë" }));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

test("connect Microsoft: click, consent, land on /?key=K&state=authorized with the contacts stored", { skip }, async () => {
  const page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(`${s.server.url}/contact-sources`);
  await page.getByRole("link", { name: "Connect Microsoft 365 / Outlook" }).click();
  await page.waitForURL((u) => u.href.startsWith(s.microsoft.base));
  await page.getByRole("button", { name: "Accept" }).click();
  await page.waitForURL((u) => u.href.startsWith(s.server.url) && u.searchParams.get("state") === "authorized");
  const url = new URL(page.url());
  assert.equal(url.pathname, "/");
  assert.match(await page.getByRole("status").innerText(), /^Connected/, "the overview says the connection worked");
  assert.match(await page.locator("#directory-url").innerText(), /\/cisco\/directory\?key=[0-9a-f]{32}$/);
  const key = url.searchParams.get("key")!;
  assert.match(key, /^[0-9a-f]{32}$/);
  const source = getSourceByKey(s.server.app.db, key)!;
  assert.equal(source.status, "ok");
  assert.equal(source.contact_count, 251);
  assert.ok(listContacts(s.server.app.db, [source.id]).some((c) => c.display_name === "Émile Zoë"));

  // The new source is listed with its count; sync now, rename, upload a phone book, disconnect.
  await page.goto(`${s.server.url}/contact-sources`);
  const row = page.locator(`tr[data-key="${key}"]`);
  await row.locator("td.count", { hasText: "251" }).waitFor();
  s.microsoft.put("", graphContact(5000));
  await row.getByRole("button", { name: "Sync now" }).click();
  await page.locator("#message", { hasText: "252 contacts" }).waitFor();
  await row.getByRole("textbox", { name: "Name" }).fill("Ada's Outlook");
  await row.getByRole("button", { name: "Rename" }).click();
  await page.locator("#message", { hasText: "Renamed" }).waitFor();
  assert.equal(getSourceByKey(s.server.app.db, key)!.label, "Ada's Outlook");

  await page.setInputFiles("#upload-file", new URL("../fixtures/fritzbox-phonebook.xml", import.meta.url).pathname);
  await page.fill("#upload-label", "Büro-Box");
  await page.getByRole("button", { name: "Upload" }).click();
  await page.locator("#message", { hasText: "Imported 3 contacts" }).waitFor();

  await page.fill("#book-label", "Everything");
  await page.locator("#book-sources label", { hasText: "Ada's Outlook" }).locator("input").check();
  await page.locator("#book-sources label", { hasText: "Büro-Box" }).locator("input").check();
  await page.getByRole("button", { name: "Create phone book" }).click();
  await page.locator("#books td", { hasText: "Ada's Outlook, Büro-Box" }).waitFor();

  page.once("dialog", (d) => void d.accept());
  await page.locator(`tr[data-key="${key}"]`).getByRole("button", { name: "Disconnect" }).click();
  await page.locator("#message", { hasText: "disconnected" }).waitFor();
  assert.equal(getSourceByKey(s.server.app.db, key), undefined);
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test("declining consent shows a readable page", { skip }, async () => {
  const page = await browser.newPage();
  await page.goto(`${s.server.url}/oauth-grant?provider=sipgate`);
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("heading", { name: "Access was not granted" }).waitFor();
  assert.match(await page.content(), /What to do/);
  await page.close();
});
