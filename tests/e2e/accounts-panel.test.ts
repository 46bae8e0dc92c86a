// The SIP-account admin pages in Debian's chromium: an admin reaches them from the dashboard, finds an account,
// creates one (a wrong field is shown at the field), edits and blocks one, makes an API key that is shown once,
// gives types and DTMF actions, deletes after a confirm step; markup in account data stays text; the list works
// 390 px wide; a monitor is refused.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createAccountType } from "../../db/account-types.ts";
import { findAccount, getAccount, type AccountFields } from "../../db/accounts.ts";
import { DOMAIN, SETTINGS, unique } from "../accounts/callers.ts";
import { launchBrowser, skipWithoutBrowser } from "../helpers/browser.ts";
import { ADMIN_AND_MONITOR_SERVICECONFIG, startTestServer, type TestServer } from "../helpers/server.ts";
import { call, seedAccount } from "../helpers/sip-api.ts";

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

const seed = (prefix: string, o: Partial<AccountFields> = {}) => seedAccount(server.app.db, { username: unique(prefix), domain: DOMAIN, ...o });

/** A signed-in admin's page that fails the test on any script error. */
async function adminPage(o: { viewport?: { width: number; height: number } } = {}): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({ httpCredentials: { username: "admin", password: "admin-pass" }, ...o });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { page, context, errors };
}

test("an admin goes from the dashboard to the accounts and finds one by search", { skip }, async () => {
  const prefix = unique("finder");
  const alice = seed(`${prefix}alice`, { display_name: "Alice Liddell", email: "alice@corp.example" });
  seed(`${prefix}bob`);
  const { page, context, errors } = await adminPage();
  await page.goto(server.url + "/");
  await page.getByRole("link", { name: "SIP accounts" }).click();
  await page.waitForURL("**/accounts");
  await page.locator("#accounts tbody tr").first().waitFor();
  await page.fill("#q", `${prefix}ali`);
  await page.press("#q", "Enter");
  const rows = page.locator("#accounts tbody tr");
  await page.waitForFunction(() => document.querySelectorAll("#accounts tbody tr").length === 1);
  assert.deepEqual(await rows.first().locator("td").allInnerTexts(), [`${alice.username}@${DOMAIN}`, "Alice Liddell", "alice@corp.example", "active"]);
  assert.equal(new URL(page.url()).searchParams.get("q"), `${prefix}ali`, "the search is in the address");
  await page.getByRole("link", { name: `${alice.username}@${DOMAIN}` }).click();
  await page.waitForURL(`**/accounts/${alice.id}`);
  await page.locator("#title", { hasText: `${alice.username}@${DOMAIN}` }).waitFor();
  assert.equal(await page.inputValue("#edit-display-name"), "Alice Liddell");
  assert.deepEqual(errors, []);
  await context.close();
});

test("creating an account shows a wrong field's message at the field, then creates it", { skip }, async () => {
  const username = unique("carol");
  const { page, context, errors } = await adminPage();
  await page.goto(server.url + "/accounts");
  await page.getByText("New account").click();
  await page.fill("#new-username", "Carol Smith");
  await page.fill("#new-password", "pass-1234");
  await page.fill("#new-phone", "0612");
  await page.getByRole("button", { name: "Create account" }).click();
  const usernameError = page.locator("#new-username + .field-error");
  await usernameError.waitFor();
  assert.equal(await usernameError.innerText(), "No uppercase letters are allowed.");
  assert.equal(await page.getAttribute("#new-username", "aria-invalid"), "true");
  assert.equal(await page.getAttribute("#new-username", "aria-describedby"), "new-username-error");
  assert.equal(await page.locator("#new-phone + .field-error").innerText(), "The phone must start with one of the following: +.");
  assert.equal(await page.locator("#new-email + .field-error").count(), 0, "only the wrong fields are marked");

  await page.fill("#new-username", username);
  await page.fill("#new-phone", "");
  await page.fill("#new-display-name", "Carol");
  await page.selectOption("#new-algorithm", "SHA-256");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/accounts\/\d+\?created$/);
  await page.locator("#message", { hasText: `${username}@${DOMAIN} created.` }).waitFor();
  const created = findAccount(server.app.db, username, DOMAIN)!;
  assert.equal(created.display_name, "Carol");
  assert.equal(created.activated, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("an admin edits an account, sees a wrong email at its field, and blocks it", { skip }, async () => {
  const dave = seed("dave", { display_name: "Dave" });
  const { page, context, errors } = await adminPage();
  await page.goto(`${server.url}/accounts/${dave.id}`);
  await page.locator("#title", { hasText: dave.username }).waitFor();
  await page.fill("#edit-display-name", "David Bowman");
  await page.fill("#edit-email", "not an address");
  await page.getByRole("button", { name: "Save" }).click();
  await page.locator("#edit-email + .field-error", { hasText: "The email must be a valid email address." }).waitFor();
  assert.equal(getAccount(server.app.db, dave.id)!.display_name, "Dave", "nothing saved");

  await page.fill("#edit-email", "dave@corp.example");
  await page.selectOption("#edit-dtmf-protocol", "rfc2833");
  await page.getByRole("button", { name: "Save" }).click();
  await page.locator("#message", { hasText: "Saved." }).waitFor();
  assert.equal(await page.locator("#edit-email + .field-error").count(), 0, "the message is gone once right");
  const saved = getAccount(server.app.db, dave.id)!;
  assert.deepEqual([saved.display_name, saved.email, saved.dtmf_protocol], ["David Bowman", "dave@corp.example", "rfc2833"]);

  await page.getByRole("button", { name: "Block" }).click();
  await page.locator("#state .badge.bad", { hasText: "blocked" }).waitFor();
  assert.equal(await page.locator("#toggle-blocked").innerText(), "Unblock");
  assert.equal(getAccount(server.app.db, dave.id)!.blocked, 1);
  await page.getByRole("button", { name: "Make admin" }).click();
  await page.locator("#toggle-admin", { hasText: "Remove admin" }).waitFor();
  assert.equal(getAccount(server.app.db, dave.id)!.admin, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a new API key is shown once, with the note that it cannot be shown again", { skip }, async () => {
  const erin = seed("erin");
  const { page, context, errors } = await adminPage();
  await page.goto(`${server.url}/accounts/${erin.id}`);
  await page.locator("#api-key-info", { hasText: "It has no API key." }).waitFor();
  await page.getByRole("button", { name: "Create API key" }).click();
  const shown = page.locator("#api-key");
  await page.locator("#new-key-result").waitFor();
  const key = await shown.innerText();
  assert.match(key, /^[A-Za-z0-9_-]{40}$/);
  assert.match(await page.locator("#new-key-result").innerText(), /cannot be shown again\..*deleted once unused for 60 minutes\./s);
  await page.locator("#api-key-info", { hasText: "It has an API key" }).waitFor();
  const me = await call(server.url, "GET", "/api/accounts/me", { headers: { "x-api-key": key } });
  assert.equal(me.json().username, erin.username, "the key signs the account in");

  await page.reload();
  await page.locator("#api-key-info", { hasText: "It has an API key" }).waitFor();
  assert.equal(await page.locator("#new-key-result").isVisible(), false);
  assert.ok(!(await page.content()).includes(key), "never shown again");
  assert.deepEqual(errors, []);
  await context.close();
});

test("types come from the managed list; DTMF actions wait for a protocol, then are added, changed and deleted", { skip }, async () => {
  const door = seed("door");
  const existing = createAccountType(server.app.db, unique("kind-"));
  const newKey = unique("gate-");
  const { page, context, errors } = await adminPage();
  await page.goto(`${server.url}/accounts#types-section`);
  await page.fill("#type-key", "Gate");
  await page.getByRole("button", { name: "Add type" }).click();
  await page.locator("#type-key + .field-error", { hasText: "No uppercase letters are allowed." }).waitFor();
  await page.fill("#type-key", newKey);
  await page.getByRole("button", { name: "Add type" }).click();
  await page.locator(`#type-list input[value="${newKey}"]`).waitFor();

  await page.goto(`${server.url}/accounts/${door.id}`);
  await page.locator("#actions-note", { hasText: "DTMF Protocol must be configured" }).waitFor();
  assert.equal(await page.locator("#add-action").isVisible(), false);
  await page.selectOption("#type-select", { label: newKey });
  await page.locator("#add-type").getByRole("button", { name: "Add type" }).click();
  await page.locator("#account-types li code", { hasText: newKey }).waitFor();
  assert.ok(await page.locator("#type-select option", { hasText: existing.key }).count(), "the other type is still offered");

  await page.selectOption("#edit-dtmf-protocol", "sipinfo");
  await page.getByRole("button", { name: "Save" }).click();
  await page.locator("#add-action").waitFor();
  await page.fill("#action-key", "open");
  await page.fill("#action-code", "12#");
  await page.getByRole("button", { name: "Add action" }).click();
  await page.locator("#action-code + .field-error", { hasText: "The code must only contain letters and numbers." }).waitFor();
  await page.fill("#action-code", "1234");
  await page.getByRole("button", { name: "Add action" }).click();
  const row = page.locator("#actions li form");
  await row.first().waitFor();
  await row.locator('input[name="code"]').fill("4321");
  await row.getByRole("button", { name: "Save" }).click();
  await page.locator("#message", { hasText: "Action saved." }).waitFor();
  const stored = () => server.app.db.prepare("SELECT key, code FROM account_actions WHERE account_id = ?").all(door.id);
  assert.deepEqual(stored(), [{ key: "open", code: "4321" }]);
  await row.getByRole("button", { name: "Delete" }).click();
  await page.locator("#message", { hasText: "Action open deleted." }).waitFor();
  assert.deepEqual(stored(), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("deleting asks first, then leaves a tombstone and goes back to the list", { skip }, async () => {
  const frank = seed("frank");
  const { page, context, errors } = await adminPage();
  await page.goto(`${server.url}/accounts/${frank.id}`);
  await page.getByRole("button", { name: "Delete account…" }).click();
  assert.match(await page.locator("#delete-question").innerText(), /name stays taken/);
  await page.getByRole("button", { name: "Cancel" }).click();
  assert.equal(await page.locator("#delete-confirm").isVisible(), false);
  assert.ok(getAccount(server.app.db, frank.id), "nothing deleted yet");
  await page.getByRole("button", { name: "Delete account…" }).click();
  await page.getByRole("button", { name: "Delete for good" }).click();
  await page.waitForURL("**/accounts");
  await page.locator("#message", { hasText: `${frank.username}@${DOMAIN} was deleted` }).waitFor();
  assert.equal(getAccount(server.app.db, frank.id), undefined);
  assert.equal(server.app.db.prepare("SELECT count(*) FROM accounts_tombstones WHERE username = ?").pluck().get(frank.username), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("markup in an account's fields is shown as text and never runs", { skip }, async () => {
  const name = `<img src=x onerror="window.injected=1">`;
  const email = `"><svg onload="window.injected=2">@corp.example`;
  const evil = seed("mallory", { display_name: name, email });
  const { page, context, errors } = await adminPage();
  await page.goto(`${server.url}/accounts?q=${evil.username}`);
  const cells = page.locator("#accounts tbody tr td");
  await cells.first().waitFor();
  assert.deepEqual((await cells.allInnerTexts()).slice(1, 3), [name, email]);
  assert.equal(await page.locator("main img, main svg").count(), 0);

  await page.goto(`${server.url}/accounts/${evil.id}`);
  await page.locator("#display-name").waitFor();
  assert.equal((await page.locator("#display-name").innerText()).trim(), name);
  assert.equal(await page.inputValue("#edit-display-name"), name);
  assert.equal(await page.inputValue("#edit-email"), email);
  assert.equal(await page.locator("main img, main svg").count(), 0);
  assert.equal(await page.evaluate(() => (window as unknown as { injected?: number }).injected), undefined);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the list is usable 390 px wide: no sideways scrolling, search and pages in view", { skip }, async () => {
  const prefix = unique("narrow");
  for (let i = 0; i < 25; i++) seedAccount(server.app.db, { username: `${prefix}-${String(i).padStart(2, "0")}-with-a-rather-long-name`, domain: DOMAIN, email: `${prefix}.${i}@a-long-company-domain.example` });
  const { page, context, errors } = await adminPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${server.url}/accounts?q=${prefix}`);
  await page.locator("#accounts tbody tr").first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `/accounts scrolls sideways by ${overflow}px`);
  for (const selector of ["#q", "#accounts tbody tr:first-child a.address", "#next"]) {
    const box = (await page.locator(selector).boundingBox())!;
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `${selector} fits the width`);
  }
  await page.getByRole("button", { name: "Next" }).click();
  await page.locator("#page-info", { hasText: "Page 2 of 2 · 25 accounts" }).waitFor();
  assert.equal(await page.locator("#accounts tbody tr").count(), 5);
  await page.locator("#accounts tbody tr a.address").first().click();
  await page.locator("#edit").waitFor();
  const accountOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(accountOverflow <= 0, `the account page scrolls sideways by ${accountOverflow}px`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a monitor cannot open the accounts pages", { skip }, async () => {
  const account = seed("watched");
  const context = await browser.newContext({ httpCredentials: { username: "monitor", password: "monitor-pass" } });
  const page = await context.newPage();
  for (const path of ["/accounts", `/accounts/${account.id}`]) {
    const res = await page.goto(server.url + path);
    assert.equal(res?.status(), 403, path);
    assert.match((await page.locator("body").textContent()) ?? "", /may not open this page/);
  }
  await context.close();
});
