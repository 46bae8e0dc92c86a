// A phone-book key is the only credential of /vcard, /cisco/directory, /?key= and their old .php URLs (issue 12):
// wrong keys are limited per client address (429 with Retry-After), so keys cannot be guessed at speed.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const PHONEBOOK = readFileSync(new URL("../fixtures/fritzbox-phonebook.xml", import.meta.url), "utf8");
const WRONG_KEYS_ALLOWED = 20;

// One server; it believes X-Forwarded-For from 127.0.0.1, so each test guesses from an address of its own.
let server: TestServer;
let key: string;
before(async () => {
  server = await startTestServer();
  server.writeConfig("switchboard.yml", `public_url: "http://127.0.0.1"\ntrusted_proxies: ["127.0.0.1"]\n`);
  const res = await server.request("/api/admin/contact-sources", { method: "POST", headers: { "Content-Type": "application/json", Origin: "http://127.0.0.1" }, body: JSON.stringify({ xml: PHONEBOOK }) });
  assert.equal(res.status, 201, res.body);
  key = (JSON.parse(res.body) as { key: string }).key;
});
after(() => server.close());

const from = (address: string) => ({ headers: { "X-Forwarded-For": address } });
const wrongKey = (i: number) => i.toString(16).padStart(32, "f");

for (const [n, path] of ["/vcard", "/vcard.php", "/cisco/directory", "/cisco/directory.php", "/", "/index.php"].entries()) {
  test(`${path}: after more than ${WRONG_KEYS_ALLOWED} wrong keys an address gets 429 with Retry-After, even for the right key`, async () => {
    const address = `10.0.1.${n + 1}`;
    for (let i = 0; i <= WRONG_KEYS_ALLOWED; i++) {
      const res = await server.get(`${path}?key=${wrongKey(i)}`, from(address));
      assert.notEqual(res.status, 429, `wrong key ${i + 1} is still answered`);
    }
    const blocked = await server.get(`${path}?key=${wrongKey(99)}`, from(address));
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get("retry-after")) > 0);
    const right = await server.get(`${path}?key=${key}`, from(address));
    assert.equal(right.status, 429, "a blocked address learns nothing, not even from a right key");
    assert.equal((await server.get(`${path}?key=${key}`, from("10.0.2.1"))).status, 200, "other addresses are not blocked");
  });
}

test("right keys are never counted: a phone that looks up often is not blocked", async () => {
  for (let i = 0; i < WRONG_KEYS_ALLOWED * 2; i++) {
    assert.equal((await server.get(`/cisco/directory?key=${key}&n=0211123456`, from("10.0.3.1"))).status, 200);
  }
});

test("a URL without a key (a phone not set up yet) is not counted as a guess", async () => {
  for (let i = 0; i < WRONG_KEYS_ALLOWED * 2; i++) assert.notEqual((await server.get("/vcard?key=", from("10.0.4.1"))).status, 429);
});
