// The account self-service pages in a real browser at a phone's width: sign up with a creation request token
// (confirmed on its validation page), activate, sign in, change the email with the code from the mail, an API key
// shown once, "Resync my phone", the provisioning QR code (decoded back), a password change and a sign-in with the new password, a
// sign-in with a mailed code, and deleting the account. One visit does many checks: browser tests are slow.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import jsQRModule from "jsqr";
import { PNG } from "pngjs";
import type { Browser, Page } from "playwright-core";
import { findAccount } from "../../db/accounts.ts";
import { keyIn, codeIn, startConfirmationEnv, type ConfirmationEnv } from "../accounts/confirmation-setup.ts";
import { DOMAIN } from "../accounts/callers.ts";
import { launchBrowser, skipWithoutBrowser } from "../helpers/browser.ts";
import { call } from "../helpers/sip-api.ts";

const skip = skipWithoutBrowser;
// jsqr's types describe an ES default export, its code is CommonJS: what the import gives is the function itself.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

let env: ConfirmationEnv;
let browser: Browser;
before(async () => {
  if (skip) return;
  env = await startConfirmationEnv();
  env.server.writeConfig("switchboard.yml", env.config({
    accounts: "  public_registration: true\n",
    extra: 'instance:\n  intro_registration: "Welcome to the Office PBX."\n  copyright: "© Office PBX GmbH"\n',
  }));
  env.server.writeConfig("phones.yml", `phones:\n  zoe-desk:\n    mac: "001122334455"\n    account: zoe@${DOMAIN}\n    XML_Directory_Service_URL: "http://pbx.example.com/cisco/directory?key=ZOE"\n`);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await env?.close();
});

async function phonePage(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  // Expected refusals (a 422 while signed out, a 404 before the check) are logged by chromium as resource errors.
  page.on("console", (m) => m.type() === "error" && !/^Failed to load resource/.test(m.text()) && problems.push(m.text()));
  return { page, problems };
}

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

test("sign up, sign in, change email, API key once, QR code, new password, delete: the whole self-service round", { skip }, async () => {
  const base = env.server.url;
  const { page, problems } = await phonePage();

  // Sign up: the human check is the request token's validation page.
  await page.goto(`${base}/account/sign-up`);
  await page.locator("main", { hasText: /Welcome to the Office PBX\./ }).waitFor();
  await page.locator("footer", { hasText: /© Office PBX GmbH/ }).waitFor();
  await page.getByRole("button", { name: "Start" }).click();
  await page.locator("#check").waitFor();
  const checkUrl = new URL(await page.locator("#check-link").getAttribute("href") ?? "");
  await page.getByRole("button", { name: "continue" }).click();
  await page.locator("#message", { hasText: /Not confirmed yet/ }).waitFor();
  const check = await browser.newPage();
  await check.goto(base + checkUrl.pathname);
  await check.getByRole("button", { name: /continue/ }).click();
  await check.getByRole("status").waitFor();
  await check.close();
  await page.getByRole("button", { name: "continue" }).click();
  await page.getByLabel("Username").fill("Bad Name");
  await page.getByLabel("Password").fill("first password 1");
  await page.getByRole("button", { name: "Create my account" }).click();
  assert.ok(await page.locator("#new-username-error").innerText(), "the 422's username message sits at its field");
  assert.match(await page.locator("#new-email-error").innerText(), /required/, "mail is configured: the email is required, its error at its field");
  await page.getByLabel("Username").fill("zoe");
  await page.getByLabel("Email").fill("zoe@example.com");
  await page.getByRole("button", { name: "Create my account" }).click();
  await page.locator("#message", { hasText: /zoe@sip\.example\.com is created/ }).waitFor();
  assert.ok(await fitsWidth(page), "the sign-up page fits 390 px");
  const key = keyIn((await env.sink.nextMail()).text);
  assert.equal((await call(base, "POST", "/api/accounts/zoe@sip.example.com/activate/email", { body: { confirmation_key: key } })).status, 200);

  // Sign in.
  await page.goto(`${base}/account`);
  await page.getByLabel("SIP username").fill("zoe");
  await page.getByLabel("Password", { exact: true }).fill("wrong");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("#sign-in .form-error", { hasText: /Wrong username or password/ }).waitFor();
  await page.getByLabel("Password", { exact: true }).fill("first password 1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("#address", { hasText: `sip:zoe@${DOMAIN}` }).waitFor();
  await page.locator("#devices", { hasText: /No device/ }).waitFor();
  await page.locator("#directory-list", { hasText: "zoe-desk: http://pbx.example.com/cisco/directory?key=ZOE" }).waitFor();
  // "Resync my phone" on her linked desk phone: phones.yml gives it no address and it never fetched a profile, so
  // the server's answer (not a page error) shows next to the button.
  await page.locator("#phone-list li", { hasText: "zoe-desk" }).getByRole("button", { name: "Resync my phone" }).click();
  await page.locator("#phone-list [role=status]", { hasText: /no address known/ }).waitFor();
  assert.ok(await fitsWidth(page), "the account page fits 390 px");

  // Email change with the code from the mail.
  await page.getByLabel("New email address").fill("zoe.new@example.com");
  await page.getByRole("button", { name: "Send me a code" }).first().click();
  const code = codeIn((await env.sink.nextMail()).text);
  await page.getByLabel("Code from the mail").fill(code);
  await page.getByRole("button", { name: "Confirm email" }).click();
  await page.locator("#email", { hasText: "zoe.new@example.com" }).waitFor();

  // The API key is shown once: it works, a reload no longer shows it, and revoking ends it.
  await page.getByRole("button", { name: "Create a new API key" }).click();
  await page.locator("#api-key-shown").waitFor();
  const apiKey = await page.locator("#api-key").innerText();
  assert.equal((await call(base, "GET", "/api/accounts/me", { headers: { "x-api-key": apiKey } })).json().email, "zoe.new@example.com");
  await page.reload();
  await page.locator("#address", { hasText: "sip:zoe@" }).waitFor();
  assert.equal(await page.locator("#api-key-shown").isVisible(), false);
  assert.equal(await page.locator("#api-key").innerText(), "");
  await page.getByRole("button", { name: "Revoke my API key" }).click();
  await page.locator("#api-key-state", { hasText: "revoked" }).waitFor();
  assert.equal((await call(base, "GET", "/api/accounts/me", { headers: { "x-api-key": apiKey } })).status, 401);

  // The provisioning QR code: a PNG from /provisioning/qrcode that decodes to the link beside it.
  await page.getByRole("button", { name: "Show my QR code" }).click();
  await page.locator("#qr-image").waitFor();
  await page.waitForFunction(() => (document.getElementById("qr-image") as HTMLImageElement).naturalWidth > 0);
  const src = await page.locator("#qr-image").getAttribute("src");
  const png = Buffer.from(await (await fetch(base + src)).arrayBuffer());
  const image = PNG.sync.read(png);
  const link = await page.locator("#qr-link").innerText();
  assert.match(link, /\/provisioning\/[A-Za-z0-9]+$/);
  assert.equal(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data, link);

  // A new password: the session ends, the new password signs in.
  await page.getByLabel("Current password").fill("first password 1");
  await page.getByLabel("New password").fill("second password 2");
  await page.getByRole("button", { name: "Change password" }).click();
  await page.locator("#message", { hasText: /Sign in again/ }).waitFor();
  await page.getByLabel("SIP username").fill("zoe");
  await page.getByLabel("Password", { exact: true }).fill("second password 2");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("#address", { hasText: "sip:zoe@" }).waitFor();

  // Sign out, and back in with a code from the mail.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("link", { name: /Sign in with a code/ }).click();
  await page.getByLabel("Account name or email address").fill("zoe");
  await page.getByRole("button", { name: "Send me a sign-in code" }).click();
  const signInCode = /sign-in code: (\d{6})/.exec((await env.sink.nextMail()).text)?.[1] ?? "";
  await page.getByLabel("Sign-in code").fill(signInCode);
  await page.getByRole("button", { name: "Sign in with the code" }).click();
  await page.locator("#address", { hasText: "sip:zoe@" }).waitFor();

  // Delete: only with the username typed; the name stays taken (tombstone).
  await page.getByLabel("Type your username to confirm").fill("not-zoe");
  await page.getByRole("button", { name: "Delete my account" }).click();
  assert.ok(await page.locator("#delete-confirm-error").innerText());
  assert.ok(findAccount(env.server.app.db, "zoe", DOMAIN));
  await page.getByLabel("Type your username to confirm").fill("zoe");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await page.locator("#message", { hasText: /deleted/ }).waitFor();
  assert.equal(findAccount(env.server.app.db, "zoe", DOMAIN), undefined);
  assert.equal(await page.locator("#sign-in").isVisible(), true);
  assert.deepEqual(problems, []);
  await page.close();
});
