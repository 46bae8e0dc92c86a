// The activation link of a confirmation mail, opened in a real browser: the key rides in the link's fragment, the
// page's own script posts it (its CSP allows nothing else), and the account is active; a wrong key says so.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { findAccount } from "../../db/accounts.ts";
import { DOMAIN, seedAdmin, unique, type Caller } from "../accounts/callers.ts";
import { PUBLIC_URL, startConfirmationEnv, type ConfirmationEnv } from "../accounts/confirmation-setup.ts";
import { launchBrowser, skipWithoutBrowser } from "../helpers/browser.ts";

const skip = skipWithoutBrowser;
let env: ConfirmationEnv;
let admin: Caller;
let browser: Browser;

before(async () => {
  if (skip) return;
  env = await startConfirmationEnv();
  admin = seedAdmin(env.server);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await env?.close();
});

/** A new account's activation link from its mail, pointed at the test server. */
async function mailedLink(): Promise<{ username: string; link: string }> {
  const username = unique("mailed");
  const res = await admin.as("POST", "/api/accounts", { username, password: "pass-word-1", algorithm: "SHA-256", email: `${username}@example.com` });
  assert.equal(res.status, 200, res.body);
  const text = (await env.sink.nextMail()).text;
  const link = text.split("\n").find((l) => l.startsWith(`${PUBLIC_URL}/activate/`))!;
  return { username, link: link.replace(PUBLIC_URL, env.server.url) };
}

async function open(link: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(link);
  return { page, problems };
}

test("the mailed link opens the page with the key filled in; one click activates the account", { skip }, async () => {
  const { username, link } = await mailedLink();
  const { page, problems } = await open(link);
  assert.equal(await page.locator("#address").innerText(), `sip:${username}@${DOMAIN}`);
  await page.getByRole("button", { name: /Activate/ }).click();
  assert.match(await page.getByRole("status").innerText(), /Your account is active/);
  assert.deepEqual(problems, []);
  assert.equal(findAccount(env.server.app.db, username, DOMAIN)!.activated, 1);
  assert.equal(new URL(page.url()).hash, "", "the key leaves the address bar");
  await page.close();
});

test("a wrong key typed on the page is refused with a message, and the account stays inactive", { skip }, async () => {
  const { username, link } = await mailedLink();
  const { page } = await open(link.replace(/#.*$/, ""));
  await page.getByLabel("Confirmation key").fill("0000000000000");
  await page.getByRole("button", { name: /Activate/ }).click();
  assert.match(await page.getByRole("status").innerText(), /does not fit this account/);
  assert.equal(findAccount(env.server.app.db, username, DOMAIN)!.activated, 0);
  await page.close();
});
