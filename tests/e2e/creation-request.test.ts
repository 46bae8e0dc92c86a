// An account creation request confirmed in a real browser: the page behind validation_url, its one button, and
// the app's exchange for a creation token afterwards (the page's CSP lets its own script post the confirmation).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { findRequestToken } from "../../db/account-creation-tokens.ts";
import { launchBrowser, skipWithoutBrowser } from "../helpers/browser.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call } from "../helpers/sip-api.ts";

const skip = skipWithoutBrowser;

let server: TestServer;
let browser: Browser;
before(async () => {
  if (skip) return;
  server = await startTestServer({ "switchboard.yml": "accounts:\n  sip_domain: sip.example.com\n" });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("a person opens validation_url, confirms with the button, and the app gets its creation token", { skip }, async () => {
  const { token, validation_url } = (await call(server.url, "POST", "/api/account_creation_request_tokens")).json();
  const page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto(server.url + new URL(validation_url).pathname);
  await page.getByRole("button", { name: /continue/ }).click();
  assert.match(await page.getByRole("status").innerText(), /^Thank you/);
  assert.deepEqual(problems, []);
  assert.ok(findRequestToken(server.app.db, token)!.validated_at);
  const res = await call(server.url, "POST", "/api/account_creation_tokens/using-account-creation-request-token", { body: { account_creation_request_token: token } });
  assert.equal(res.status, 201);
});
