// The dialer in a real browser: type a name, pick a suggestion, dial, read the result.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { launchBrowser, skipWithoutBrowser } from "../helpers/browser.ts";
import { sourceWith, tel } from "../fixtures/contacts.ts";
import { startPhoneCgi, type PhoneCgi } from "../fakes/phone-cgi.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { parseXml } from "../helpers/xml.ts";

const skip = skipWithoutBrowser;
let server: TestServer;
let phone: PhoneCgi;
let browser: Browser;

before(async () => {
  if (skip) return;
  phone = await startPhoneCgi("cgiuser", "cgipass");
  server = await startTestServer({
    "switchboard.yml": "directory:\n  default_keys: [book]\n",
    "phones.yml": `phones:
  desk:
    mac: "001122334455"
    label: "Front desk"
    devicename: "SEP001122334455"
    host: "${phone.host}"
    username: "cgiuser"
    password: "cgipass"
  lab:
    mac: "001122334466"
    label: "Lab"
    devicename: "SEP001122334466"
    host: "${phone.host}"
`,
  });
  sourceWith(server.app, "book", [
    { display_name: "Anna Müller", numbers: [tel("mobile", "+49 170 1234567"), tel("work", "030 1234")] },
    { display_name: "Bernd Beispiel", numbers: [tel("work", "0221 555")] },
  ]);
  browser = await launchBrowser();
});
after(async () => {
  if (skip) return;
  await browser.close();
  await server.close();
  await phone.close();
});

test("type a name, pick a suggestion, dial, see the result", { skip }, async (t) => {
  const page = await browser.newPage({ viewport: { width: 375, height: 667 } });
  t.after(() => page.close());
  page.setDefaultTimeout(5000);
  await page.goto(`${server.url}/call?devicename=SEP001122334455`);
  await page.waitForSelector("#phone option", { state: "attached" });
  assert.equal(await page.inputValue("#phone"), "SEP001122334455");
  await page.fill("#number", "");
  await page.type("#number", "müll");
  await page.waitForSelector("#suggestions li");
  const options = await page.locator("#suggestions li").allTextContents();
  assert.deepEqual(options, ["Anna Müller (Mobile) — +49 170 1234567", "Anna Müller (Work) — 030 1234"]);
  await page.locator("#suggestions li").nth(1).dispatchEvent("mousedown");
  assert.equal(await page.inputValue("#number"), "0301234");
  assert.equal(await page.getAttribute("#tel-link", "href"), "tel:0301234");
  phone.received.length = 0;
  await page.click("#dial");
  await page.waitForFunction(() => document.getElementById("result")!.className === "good");
  assert.equal(await page.textContent("#result"), "Front desk is dialling 0301234.");
  assert.equal(parseXml(phone.received[0].xml!).children[0].attrs.URL, "Dial:0301234");
});

test("keyboard only: arrows and Enter pick a suggestion, Enter dials; errors are shown", { skip }, async (t) => {
  t.after(() => void (phone.next = "ok"));
  const page = await browser.newPage();
  t.after(() => page.close());
  page.setDefaultTimeout(5000);
  await page.goto(`${server.url}/call.php?num=0221&devicename=SEP001122334455`);
  await page.waitForSelector("#phone option", { state: "attached" });
  assert.equal(await page.inputValue("#number"), "0221");
  await page.focus("#number");
  await page.keyboard.type(" 5");
  await page.waitForSelector("#suggestions li");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  assert.equal(await page.inputValue("#number"), "0221555");
  phone.next = "4";
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("result")!.className === "bad");
  assert.match((await page.textContent("#result"))!, /the phone rejected the credentials/);
});

test("a phone without stored credentials gets the CGI form straight from the browser", { skip }, async (t) => {
  const page = await browser.newPage();
  t.after(() => page.close());
  page.setDefaultTimeout(5000);
  await page.goto(`${server.url}/call?devicename=SEP001122334466&num=1234`);
  await page.waitForSelector("#phone option", { state: "attached" });
  phone.received.length = 0;
  const popup = page.waitForEvent("popup");
  await page.click("#dial");
  await (await popup).waitForLoadState();
  assert.equal(phone.received[0].path, "/CGI/Execute");
  assert.equal(phone.received[0].authorization, undefined);
  assert.equal(parseXml(phone.received[0].xml!).children[0].attrs.URL, "Dial:1234");
  assert.match((await page.textContent("#result"))!, /from your browser/);
});
