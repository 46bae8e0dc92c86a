// POST /sso/token with sync.external_auth.url set: the credentials go to a web service (a fake speaking the
// Acrobits External Authentication protocol: a form POST, 2xx = valid) and its verified numbers come back.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { verifiedNumbersOf } from "../../core/sync/external-auth.ts";
import { startExternalAuth, type FakeExternalAuth } from "../fakes/external-auth.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { seedAccount } from "../helpers/sip-api.ts";
import { DOMAIN, requestToken, SETTINGS, SyncClient, unique } from "./helpers.ts";

let server: TestServer;
let service: FakeExternalAuth;
before(async () => {
  service = await startExternalAuth();
  server = await startTestServer({ "switchboard.yml": settings() });
});
after(async () => {
  await server.close();
  await service.close();
});

function settings(timeout = 2): string {
  return `${SETTINGS}sync:\n  external_auth: {url: "${service.url}", timeout_seconds: ${timeout}}\n`;
}

/** A user the web service knows (and no local account has). */
function serviceUser(numbers = ["+49 30 1234567"]): { username: string; password: string } {
  const username = unique("ext");
  service.users.set(`${username}@${DOMAIN}`, { password: "ext-pw", numbers });
  return { username, password: "ext-pw" };
}

test("the web service gets username, host, password and cloud_id as a form; its JSON numbers are verified", async (t) => {
  t.after(() => void (service.answer = "json"));
  const u = serviceUser(["+49 30 1234567", "+49 170 7654321"]);
  service.received.length = 0;
  const res = await requestToken(server, { username: u.username, password: "ext-pw", cloud_id: "cloud-x" });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json().verified_numbers, ["+49 30 1234567", "+49 170 7654321"]);
  const [sent] = service.received;
  assert.equal(sent.contentType, "application/x-www-form-urlencoded");
  assert.deepEqual(Object.fromEntries(sent.form), { username: u.username, host: DOMAIN, password: "ext-pw", cloud_id: "cloud-x" });
  assert.equal((await new SyncClient(server, res.json().token).devices()).status, 200);
});

test("user@host sends that host; phoneNumbers is read like verified_numbers", async (t) => {
  service.answer = "phoneNumbers";
  t.after(() => void (service.answer = "json"));
  const username = unique("ext");
  service.users.set(`${username}@voip.example.net`, { password: "pw", numbers: ["+4940123"] });
  const res = await requestToken(server, { username: `${username}@voip.example.net`, password: "pw", cloud_id: "c" });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json().verified_numbers, ["+4940123"]);
  assert.equal(service.received.at(-1)!.form.get("host"), "voip.example.net");
});

test("a 2xx XML answer's phone numbers are verified", async (t) => {
  service.answer = "xml";
  t.after(() => void (service.answer = "json"));
  const u = serviceUser(["+4930111", "+4930222"]);
  const res = await requestToken(server, { ...u, cloud_id: "c" });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json().verified_numbers, ["+4930111", "+4930222"]);
});

test("the service's 401 is a 401; the local accounts are not asked", async () => {
  const local = seedAccount(server.app.db, { username: unique("local"), domain: DOMAIN, password: "local-pw" });
  const res = await requestToken(server, { username: local.username, password: "local-pw", cloud_id: "c" });
  assert.equal(res.status, 401);
  const u = serviceUser();
  assert.equal((await requestToken(server, { ...u, password: "wrong", cloud_id: "c" })).status, 401);
});

test("a 2xx answer that is neither JSON nor XML is a refusal", async (t) => {
  service.answer = "garbage";
  t.after(() => void (service.answer = "json"));
  const res = await requestToken(server, { ...serviceUser(), cloud_id: "c" });
  assert.equal(res.status, 401);
});

test("a redirect is a refusal: the password is never carried elsewhere", async (t) => {
  service.answer = "redirect";
  t.after(() => void (service.answer = "json"));
  const res = await requestToken(server, { ...serviceUser(), cloud_id: "c" });
  assert.equal(res.status, 401);
});

test("a service that does not answer in time is a 502, not counted as a failed sign-in", async (t) => {
  service.answer = "hang";
  server.writeConfig("switchboard.yml", settings(0.3));
  t.after(() => {
    service.answer = "json";
    server.writeConfig("switchboard.yml", settings());
  });
  const u = serviceUser();
  const from = "203.0.113.77";
  const started = Date.now();
  for (let i = 0; i < 11; i++) {
    const res = await requestToken(server, { ...u, cloud_id: "c" }, from);
    assert.equal(res.status, 502);
    assert.match(res.json().error, /could not be reached/);
  }
  assert.ok(Date.now() - started < 11 * 1500, "each gave up after the timeout");
  service.answer = "json";
  assert.equal((await requestToken(server, { ...u, cloud_id: "c" }, from)).status, 200, "no failures were counted");
});

test("answers are read leniently but never trusted beyond numbers", () => {
  assert.deepEqual(verifiedNumbersOf("", "text/plain"), [], "an empty 2xx is valid with no numbers");
  assert.deepEqual(verifiedNumbersOf('{"verified_numbers": ["+4930", 4930, {"x": 1}, ""]}', "application/json"), ["+4930", "4930"]);
  assert.deepEqual(verifiedNumbersOf('["+4930"]', ""), ["+4930"]);
  assert.deepEqual(verifiedNumbersOf('{"ok": true}', "application/json"), []);
  assert.equal(verifiedNumbersOf("{broken", "application/json"), undefined);
  assert.equal(verifiedNumbersOf("<a><b></a>", "text/xml"), undefined);
  assert.equal(verifiedNumbersOf('<!DOCTYPE x [<!ENTITY e "+49">]><r><number>&e;</number></r>', "text/xml"), undefined, "a DOCTYPE is refused");
  assert.deepEqual(verifiedNumbersOf(`<r>${"<n>".repeat(200)}<number>+4930</number>${"</n>".repeat(200)}</r>`, "application/xml"), ["+4930"], "nesting is walked to any depth parseXml builds");
  assert.equal(verifiedNumbersOf(`<r>${"<n>".repeat(5000)}<number>+4930</number>${"</n>".repeat(5000)}</r>`, "application/xml"), undefined, "deeper than parseXml builds (MAX_TREE_DEPTH) is an invalid answer, not a stack overflow");
  assert.deepEqual(verifiedNumbersOf(JSON.stringify({ verified_numbers: Array.from({ length: 50 }, (_, i) => `+49${i}`) }), ""), Array.from({ length: 20 }, (_, i) => `+49${i}`), "at most 20");
});
