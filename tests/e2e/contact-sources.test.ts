// The whole connect flow in a real browser: the admin page's connect button, consent on the fake
// provider's page, back on the overview with the key; then the page's own actions.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test, type TestContext } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, skipWithoutBrowser } from "../helpers/browser.ts";
import { listContacts } from "../../db/contacts.ts";
import { getSourceByKey, listSources } from "../../db/contact-sources.ts";
import { listPhoneBooks, phoneBookSourceIds } from "../../db/phone-books.ts";
import { connect, graphContact, keyOf, startWithFakesFor, type Setup } from "../contacts/helpers.ts";

const skip = skipWithoutBrowser;
const PHONEBOOK = new URL("../fixtures/fritzbox-phonebook.xml", import.meta.url);

// One browser for the file; each test has its own Switchboard and fakes.
let browser: Browser;
before(async () => {
  if (skip) return;
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** A Switchboard whose fake Microsoft account holds 251 contacts (250 in the default folder, one in another). */
async function withOutlook(t: TestContext): Promise<Setup> {
  const s = await startWithFakesFor(t);
  for (let i = 0; i < 250; i++) s.microsoft.put("", graphContact(i));
  s.microsoft.put("private", graphContact(9000, { displayName: "Émile Zoë" }));
  return s;
}

/** A new page, closed after the test, collecting the page's script errors. */
async function pageFor(t: TestContext): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await browser.newPage();
  t.after(() => page.close());
  page.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  return { page, pageErrors };
}

/** Connects the fake Microsoft account without a browser; the new source's key. */
async function connectedOutlook(s: Setup): Promise<string> {
  const res = await connect(s.server, s.microsoft, "provider=microsoft");
  assert.equal(res.status, 302, res.body);
  return keyOf(res);
}

/** A page of another site (another origin: localhost instead of 127.0.0.1), closed after the test. */
async function startEvilSite(t: TestContext, body: string): Promise<string> {
  const server = createServer((_req, res) => res.writeHead(200, { "Content-Type": "text/html" }).end(`<!doctype html><title>Prize</title>${body}`));
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  t.after(() => new Promise<void>((ok) => server.close(() => ok())));
  return `http://localhost:${(server.address() as AddressInfo).port}/`;
}

const api = (s: Setup, method: string, path: string, body: unknown) =>
  s.server.request(path, { method, headers: { "Content-Type": "application/json", Origin: s.server.url }, body: JSON.stringify(body) });

test("connect Microsoft: click, consent, land on /?key=K&state=authorized with the contacts stored", { skip }, async (t) => {
  const s = await withOutlook(t);
  const { page, pageErrors } = await pageFor(t);
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
  assert.deepEqual(pageErrors, []);
});

test("the sources page lists a source with its count, and 'Sync now' fetches what is new", { skip }, async (t) => {
  const s = await withOutlook(t);
  const key = await connectedOutlook(s);
  const { page, pageErrors } = await pageFor(t);
  await page.goto(`${s.server.url}/contact-sources`);
  const row = page.locator(`tr[data-key="${key}"]`);
  await row.locator("td.count", { hasText: "251" }).waitFor();
  s.microsoft.put("", graphContact(5000));
  await row.getByRole("button", { name: "Sync now" }).click();
  await page.locator("#message", { hasText: "252 contacts" }).waitFor();
  assert.deepEqual(pageErrors, []);
});

test("'Rename' on the sources page changes the source's label", { skip }, async (t) => {
  const s = await withOutlook(t);
  const key = await connectedOutlook(s);
  const { page, pageErrors } = await pageFor(t);
  await page.goto(`${s.server.url}/contact-sources`);
  const row = page.locator(`tr[data-key="${key}"]`);
  await row.getByRole("textbox", { name: "Name" }).fill("Ada's Outlook");
  await row.getByRole("button", { name: "Rename" }).click();
  await page.locator("#message", { hasText: "Renamed" }).waitFor();
  assert.equal(getSourceByKey(s.server.app.db, key)!.label, "Ada's Outlook");
  assert.deepEqual(pageErrors, []);
});

test("'Upload' on the sources page imports a FRITZ!Box export", { skip }, async (t) => {
  const s = await startWithFakesFor(t);
  const { page, pageErrors } = await pageFor(t);
  await page.goto(`${s.server.url}/contact-sources`);
  await page.setInputFiles("#upload-file", PHONEBOOK.pathname);
  await page.fill("#upload-label", "Büro-Box");
  await page.getByRole("button", { name: "Upload" }).click();
  await page.locator("#message", { hasText: "Imported 3 contacts" }).waitFor();
  const box = listSources(s.server.app.db).find((x) => x.label === "Büro-Box");
  assert.equal(box?.provider, "fritzbox");
  assert.equal(box?.contact_count, 3);
  assert.deepEqual(pageErrors, []);
});

test("'Create phone book' on the sources page combines the ticked sources", { skip }, async (t) => {
  const s = await withOutlook(t);
  const key = await connectedOutlook(s);
  assert.equal((await api(s, "PATCH", `/api/admin/contact-sources/${key}`, { label: "Ada's Outlook" })).status, 200);
  assert.equal((await api(s, "POST", "/api/admin/contact-sources", { xml: readFileSync(PHONEBOOK, "utf8"), label: "Büro-Box" })).status, 201);
  const { page, pageErrors } = await pageFor(t);
  await page.goto(`${s.server.url}/contact-sources`);
  await page.fill("#book-label", "Everything");
  await page.locator("#book-sources label", { hasText: "Ada's Outlook" }).locator("input").check();
  await page.locator("#book-sources label", { hasText: "Büro-Box" }).locator("input").check();
  await page.getByRole("button", { name: "Create phone book" }).click();
  await page.locator("#books td", { hasText: "Ada's Outlook, Büro-Box" }).waitFor();
  const [book] = listPhoneBooks(s.server.app.db);
  assert.equal(book?.label, "Everything");
  assert.equal(phoneBookSourceIds(s.server.app.db, book.key)?.length, 2);
  assert.deepEqual(pageErrors, []);
});

test("'Disconnect' on the sources page, once confirmed, deletes the source", { skip }, async (t) => {
  const s = await withOutlook(t);
  const key = await connectedOutlook(s);
  const { page, pageErrors } = await pageFor(t);
  await page.goto(`${s.server.url}/contact-sources`);
  page.once("dialog", (d) => void d.accept());
  await page.locator(`tr[data-key="${key}"]`).getByRole("button", { name: "Disconnect" }).click();
  await page.locator("#message", { hasText: "disconnected" }).waitFor();
  assert.equal(getSourceByKey(s.server.app.db, key), undefined);
  assert.deepEqual(pageErrors, []);
});

test("'Reconnect' on the sources page signs in again: same key, new tokens", { skip }, async (t) => {
  const s = await withOutlook(t);
  const key = await connectedOutlook(s);
  const old = getSourceByKey(s.server.app.db, key)!.refresh_token;
  const { page, pageErrors } = await pageFor(t);
  await page.goto(`${s.server.url}/contact-sources`);
  await page.locator(`tr[data-key="${key}"]`).getByRole("button", { name: "Reconnect" }).click();
  await page.waitForURL((u) => u.href.startsWith(s.microsoft.base));
  await page.getByRole("button", { name: "Accept" }).click();
  await page.waitForURL((u) => u.href.startsWith(s.server.url) && u.searchParams.get("state") === "authorized");
  assert.equal(new URL(page.url()).searchParams.get("key"), key);
  assert.notEqual(getSourceByKey(s.server.app.db, key)!.refresh_token, old);
  assert.deepEqual(pageErrors, []);
});

test("a link on another site cannot start a connect, with its own key or without one", { skip }, async (t) => {
  const s = await startWithFakesFor(t);
  const { page } = await pageFor(t);
  for (const query of ["provider=microsoft&amp;key=a77ac4e2a77ac4e2a77ac4e2a77ac4e2", "provider=microsoft"]) {
    await page.goto(await startEvilSite(t, `<a id="go" href="${s.server.url}/oauth-grant?${query}">Win a prize</a>`));
    await page.click("#go");
    await page.getByRole("heading", { name: "The connect failed" }).waitFor();
    assert.ok(page.url().startsWith(s.server.url), "the browser never went to the provider");
  }
  assert.equal(listSources(s.server.app.db).length, 0);
});

test("declining consent shows a readable page", { skip }, async (t) => {
  const s = await startWithFakesFor(t);
  const { page } = await pageFor(t);
  await page.goto(`${s.server.url}/oauth-grant?provider=sipgate`);
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("heading", { name: "Access was not granted" }).waitFor();
  assert.match(await page.content(), /What to do/);
});
