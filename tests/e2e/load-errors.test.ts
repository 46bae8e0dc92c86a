// No admin page stays on "Loading…" when its data does not come: in Debian's chromium, every JSON request of the
// page fails (a 500, then an unreachable server), and each placeholder must say what went wrong instead.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { launchBrowser, skipWithoutBrowser } from "../helpers/browser.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const skip = skipWithoutBrowser;
const PAGES = ["/", "/reports", "/compare/001122334455", "/report-detail/1", "/accounts"];

let server: TestServer;
let browser: Browser;
before(async () => {
  if (skip) return;
  server = await startTestServer({ "phones.yml": `phones:\n  desk: {mac: "001122334455"}\n` });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

for (const failure of ["a 500", "no answer"] as const) {
  test(`with ${failure} from the API, no page is left saying "Loading…"`, { skip }, async (t) => {
    const page = await browser.newPage();
    t.after(() => page.close());
    page.setDefaultTimeout(10_000);
    await page.route("**/api/**", (route) => (failure === "a 500"
      ? route.fulfill({ status: 500, contentType: "application/json", body: '{"error":"Internal server error"}' })
      : route.abort("connectionrefused")));
    for (const path of PAGES) {
      await page.goto(server.url + path);
      await page.locator(".load-failed").first().waitFor();
      assert.equal(await page.getByText("Loading…").count(), 0, path);
      const said = failure === "a 500" ? /Internal server error/ : /could not be reached/;
      assert.match(await page.locator(".load-failed").first().innerText(), said, path);
    }
  });
}
