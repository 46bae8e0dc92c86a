import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
const PHONES = `phones:
  desk:
    mac: "001122334455"
    devicename: "SEP001122334455"
    username: "pushuser"
    password: "s3cret&pw"
  nocreds:
    mac: "001122334466"
    devicename: "SEP001122334466"
`;

before(async () => {
  server = await startTestServer({ "phones.yml": PHONES });
});
after(() => server.close());

async function auth(query: string, init?: RequestInit, on: TestServer = server): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(`${on.url}/cisco/authenticate${query}`, init);
  return { status: res.status, type: res.headers.get("content-type"), bytes: Buffer.from(await res.arrayBuffer()) };
}

const q = (o: Record<string, string>) => "?" + new URLSearchParams(o);

test("the right credentials answer exactly AUTHORIZED as text/html without a newline", async () => {
  const res = await auth(q({ UserID: "pushuser", Password: "s3cret&pw", devicename: "SEP001122334455" }));
  assert.equal(res.status, 200);
  assert.equal(res.type, "text/html");
  assert.deepEqual(res.bytes, Buffer.from("AUTHORIZED"));
});

test("the device name is matched case-insensitively; the legacy .php URL works", async () => {
  const res = await fetch(`${server.url}/cisco/authenticate.php` + q({ UserID: "pushuser", Password: "s3cret&pw", devicename: "sep001122334455" }));
  assert.equal(await res.text(), "AUTHORIZED");
});

test("credentials posted as a form are accepted", async () => {
  const res = await auth("", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ UserID: "pushuser", Password: "s3cret&pw", devicename: "SEP001122334455" }).toString(),
  });
  assert.deepEqual(res.bytes, Buffer.from("AUTHORIZED"));
});

test("a wrong password, another phone, a phone without credentials or nothing at all is UN-AUTHORIZED", async () => {
  for (const params of <Record<string, string>[]>[
    { UserID: "pushuser", Password: "wrong", devicename: "SEP001122334455" },
    { UserID: "pushuser", Password: "s3cret&pw", devicename: "SEP001122334466" },
    { UserID: "", Password: "", devicename: "SEP001122334466" },
    {},
  ]) {
    const res = await auth(q(params));
    assert.equal(res.status, 200);
    assert.equal(res.type, "text/html");
    assert.deepEqual(res.bytes, Buffer.from("UN-AUTHORIZED"));
  }
});

test("after too many failures from one address even the right password is refused for a while", async (t) => {
  // Its own server: the block would refuse every later test's phone at 127.0.0.1.
  const own = await startTestServer({ "phones.yml": PHONES });
  t.after(() => own.close());
  const right = q({ UserID: "pushuser", Password: "s3cret&pw", devicename: "SEP001122334455" });
  assert.deepEqual((await auth(right, undefined, own)).bytes, Buffer.from("AUTHORIZED"), "the right password works before the guessing");
  for (let i = 0; i < 12; i++) await auth(q({ UserID: "pushuser", Password: `guess${i}`, devicename: "SEP001122334455" }), undefined, own);
  const res = await auth(right, undefined, own);
  assert.deepEqual(res.bytes, Buffer.from("UN-AUTHORIZED"));
});
