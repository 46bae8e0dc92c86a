// FRITZ!Box phone book URLs (issue 12): a URL typed into the admin page must not make the server read its own
// services (loopback, link-local metadata, its own addresses) — checked after DNS, on every redirect hop — and what
// the admin is shown of a failed fetch never repeats the fetched body. The fake FRITZ!Box lives on loopback, so
// the tests that need it list it in contacts.fritzbox_allowed_addresses, as an admin would.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { after, before, test, type TestContext } from "node:test";
import { phonebookAddressPolicy } from "../../core/contacts/providers/fritzbox.ts";
import { startFakeFritzbox, type FakeFritzbox } from "../fakes/fritzbox.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const PHONEBOOK = readFileSync(new URL("../fixtures/fritzbox-phonebook.xml", import.meta.url), "utf8");
const ORIGIN = "http://127.0.0.1";

let server: TestServer;
let box: FakeFritzbox;
/** A second host on loopback that nothing allows: where a redirect must not lead. */
let elsewhere: FakeFritzbox;
before(async () => {
  server = await startTestServer();
  box = await startFakeFritzbox("127.0.0.1");
  elsewhere = await startFakeFritzbox("127.0.0.2");
  box.answers.set("/books/0.xml", { body: PHONEBOOK });
  elsewhere.answers.set("/books/0.xml", { body: PHONEBOOK });
  writeSwitchboard();
});
after(async () => {
  await server.close();
  await box.close();
  await elsewhere.close();
});

function writeSwitchboard(extra = ""): void {
  server.writeConfig("switchboard.yml", `public_url: "${ORIGIN}"\ncontacts:\n  sync_interval_minutes: 15\n${extra}`);
}

/** contacts.fritzbox_allowed_addresses for the rest of one test. */
function allow(t: TestContext, addresses: string[], extra = ""): void {
  t.after(() => writeSwitchboard());
  writeSwitchboard(`  fritzbox_allowed_addresses: ${JSON.stringify(addresses)}\n${extra}`);
}

const send = (method: string, path: string, body?: unknown) =>
  server.request(path, { method, headers: { "Content-Type": "application/json", Origin: ORIGIN }, body: JSON.stringify(body ?? {}) });
const addUrl = (url: string) => send("POST", "/api/admin/contact-sources", { url });
const sourceCount = () => server.app.db.prepare("SELECT count(*) FROM contact_sources").pluck().get() as number;

test("by default a URL on loopback is refused when added, in any spelling: nothing is fetched, no source is made", async () => {
  const port = new URL(box.base).port;
  const before = sourceCount();
  const spellings = [box.base, `http://localhost:${port}`, `http://[::ffff:127.0.0.1]:${port}`, `http://2130706433:${port}`, `http://127.1:${port}`, `http://0.0.0.0:${port}`, `http://[::1]:${port}`];
  for (const base of spellings) {
    const res = await addUrl(`${base}/books/0.xml`);
    assert.equal(res.status, 422, `${base}: ${res.body}`);
    assert.match(JSON.parse(res.body).errors.url[0], /loopback|unspecified/);
  }
  assert.deepEqual(box.requests, []);
  assert.equal(sourceCount(), before);
});

test("link-local addresses (the cloud metadata service, fe80::) are refused", async () => {
  for (const url of ["http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/books/0.xml"]) {
    const res = await addUrl(url);
    assert.equal(res.status, 422, `${url}: ${res.body}`);
    assert.match(res.body, /link-local/);
  }
});

test("the server's own addresses are refused, not only loopback", async (t) => {
  const own = Object.values(networkInterfaces()).flat().filter((i) => i && !i.internal && !/^fe80:/i.test(i.address)).map((i) => i!.address);
  if (own.length === 0) return t.skip("this machine has no address besides loopback and link-local ones");
  for (const address of own) {
    const res = await addUrl(`http://${address.includes(":") ? `[${address}]` : address}:1/books/0.xml`);
    assert.equal(res.status, 422, `${address}: ${res.body}`);
    assert.match(res.body, /an address of this server/);
  }
});

test("private LAN ranges stay allowed: a FRITZ!Box lives there", () => {
  const policy = phonebookAddressPolicy([]);
  for (const address of ["192.168.178.1", "10.0.0.7", "172.16.5.5", "fd00::1", "93.184.216.34"]) assert.equal(policy(address), undefined, address);
  for (const address of ["127.0.0.1", "::1", "169.254.169.254", "fe80::1", "0.0.0.0", "::ffff:127.0.0.1"]) assert.ok(policy(address), address);
});

test("a phone book listed in switchboard.yml on loopback is refused at every fetch; the box is never asked", async (t) => {
  t.after(() => writeSwitchboard());
  writeSwitchboard(`  fritzbox:\n    - {name: "Configured", url: "${box.base}/books/0.xml?configured"}\n`);
  const sources = JSON.parse((await server.get("/api/admin/contact-sources")).body).sources as { key: string; label: string }[];
  const key = sources.find((s) => s.label === "Configured")!.key;
  const sync = JSON.parse((await send("POST", `/api/admin/contact-sources/${key}/sync`)).body);
  assert.equal(sync.ok, false);
  assert.match(sync.last_error, /loopback/);
  assert.ok(!box.requests.some((r) => r.includes("configured")));
});

test("listed in contacts.fritzbox_allowed_addresses, a box on loopback is fetched (how these tests reach their fake)", async (t) => {
  allow(t, ["127.0.0.1"]);
  const res = await addUrl(`${box.base}/books/0.xml?allowed`);
  assert.equal(res.status, 201, res.body);
  assert.equal(JSON.parse(res.body).contact_count, 3);
});

test("a redirect to an address that is not allowed is not followed", async (t) => {
  allow(t, ["127.0.0.1"]);
  box.answers.set("/books/away.xml", { redirect: `${elsewhere.base}/books/0.xml` });
  box.answers.set("/books/metadata.xml", { redirect: "http://169.254.169.254/latest/meta-data/", status: 307 });
  for (const path of ["/books/away.xml", "/books/metadata.xml"]) {
    const res = await addUrl(`${box.base}${path}`);
    assert.equal(res.status, 201, res.body);
    const source = JSON.parse(res.body);
    assert.equal(source.status, "error", path);
    assert.match(source.last_error, /may not be reached: .*(loopback|link-local)/);
    assert.equal(source.contact_count, 0);
  }
  assert.deepEqual(elsewhere.requests, [], "the refused host never saw a request");
});

test("redirects between allowed addresses are followed, each hop checked; a redirect loop ends", async (t) => {
  allow(t, ["127.0.0.1", "127.0.0.2"]);
  box.answers.set("/books/moved.xml", { redirect: "/books/0.xml", status: 301 });
  box.answers.set("/books/there.xml", { redirect: `${elsewhere.base}/books/0.xml` });
  box.answers.set("/books/loop.xml", { redirect: "/books/loop.xml" });
  for (const path of ["/books/moved.xml", "/books/there.xml"]) {
    const res = await addUrl(`${box.base}${path}`);
    assert.equal(JSON.parse(res.body).contact_count, 3, `${path}: ${res.body}`);
  }
  const loop = JSON.parse((await addUrl(`${box.base}/books/loop.xml`)).body);
  assert.match(loop.last_error, /redirected more than 5 times/);
});

test("what the admin is shown of a failed fetch never repeats the fetched body", async (t) => {
  allow(t, ["127.0.0.1"]);
  const SECRET = "s3cr3t-internal-token";
  const bodies: Record<string, { body: string; status?: number }> = {
    "/leak/error.xml": { body: `<error>${SECRET}</error>`, status: 500 },
    "/leak/root.xml": { body: `<${SECRET}>x</${SECRET}>` },
    "/leak/malformed.xml": { body: `<phonebooks><${SECRET}></phonebooks>` },
    "/leak/text.xml": { body: `${SECRET} is not XML at all` },
    "/leak/json.xml": { body: JSON.stringify({ error: { message: SECRET } }), status: 401 },
  };
  for (const [path, answer] of Object.entries(bodies)) {
    box.answers.set(path, answer);
    const res = await addUrl(`${box.base}${path}`);
    const source = JSON.parse(res.body);
    assert.equal(source.status, "error", `${path}: ${res.body}`);
    assert.ok(source.last_error, path);
    assert.ok(!res.body.includes(SECRET), `${path}: ${source.last_error}`);
  }
});
