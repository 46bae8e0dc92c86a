// "Resync my phone" on the self-service page (core/accounts/resync-my-phone.ts): an account asks its own desk phones
// (phones.yml `account:`), and only those, to fetch their profile — the admin's direct action job against a fake
// phone web server — at most once per phone per RESYNC_COOLDOWN_SECONDS, audited with the account's address, and
// with a session cookie only from our own pages.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { RESYNC_COOLDOWN_SECONDS } from "../../core/accounts/resync-my-phone.ts";
import { listAuditEntries } from "../../db/audit-log.ts";
import { startFakePhoneWeb, type FakePhoneWeb } from "../fakes/phone-direct-action.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call, seedAccount } from "../helpers/sip-api.ts";
import { DOMAIN, seedCaller } from "./callers.ts";

const PASSWORD = "correct horse 1";
let phone: FakePhoneWeb;
let server: TestServer;
before(async () => {
  phone = await startFakePhoneWeb(() => "adm1n");
  // Each test has its own account and phones: the cooldown is per phone.
  server = await startTestServer({
    "switchboard.yml": `public_url: "http://pbx.test"\naccounts:\n  sip_domain: ${DOMAIN}\nresync:\n  timeout_seconds: 5\n`,
    "common.yml": `common:\n  Enable_Direct_Action_Url: "Yes"\n  Admin_Password: adm1n\n  Web_Server_Port: "${phone.port}"\n`,
    "phones.yml": `phones:
  anna-desk: {mac: "0011223344a1", ip_address: 127.0.0.1, label: "Anna's desk", account: "anna@${DOMAIN}"}
  anna-softphone: {account: "anna@${DOMAIN}"}
  ben-desk: {mac: "0011223344b1", ip_address: 127.0.0.1, account: "ben@${DOMAIN}"}
  cleo-desk: {mac: "0011223344c1", ip_address: 127.0.0.1, account: "cleo@${DOMAIN}"}
  dan-desk: {mac: "0011223344d1", ip_address: 127.0.0.1, account: "dan@${DOMAIN}"}
`,
  });
});
after(async () => {
  await server.close();
  await phone.close();
});

const resyncsOf = (mac: string) => phone.received.filter((r) => r.path === `/admin/resync?http://pbx.test/${mac}.xml`);

test("a linked account resyncs its desk phone: the phone gets the direct action with the profile's Admin_Password, the audit log names the account", async () => {
  const anna = seedCaller(server, { username: "anna" });
  const listed = await anna.as("GET", "/api/accounts/me/phones");
  assert.equal(listed.status, 200, listed.body);
  assert.deepEqual(listed.json(), [{ id: "anna-desk", phone: "Anna's desk" }], "only her phones, and only those with a MAC");
  const res = await anna.as("POST", "/api/accounts/me/phones/anna-desk/resync");
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(res.json(), { phone: "Anna's desk", ok: true, answer: "The phone is fetching its profile now." });
  assert.ok(resyncsOf("0011223344a1").some((r) => r.authorized), "Digest with admin / the profile's Admin_Password");
  const entry = listAuditEntries(server.app.db, 10).entries.find((e) => e.target === "0011223344a1");
  assert.equal(entry?.username, `anna@${DOMAIN}`);
  assert.equal(entry?.action, "resync");
});

test("an account cannot resync a phone not linked to it, nor one phones.yml does not have", async () => {
  const ben = seedCaller(server, { username: "ben" });
  const stranger = seedCaller(server);
  for (const id of ["cleo-desk", "nobody", "anna-softphone"]) {
    const res = await ben.as("POST", `/api/accounts/me/phones/${id}/resync`);
    assert.equal(res.status, 404, `${id}: ${res.body}`);
  }
  assert.equal((await stranger.as("POST", "/api/accounts/me/phones/ben-desk/resync")).status, 404);
  assert.deepEqual((await stranger.as("GET", "/api/accounts/me/phones")).json(), []);
  assert.equal(resyncsOf("0011223344c1").length + resyncsOf("0011223344b1").length, 0, "no foreign phone was asked");
});

test("a second resync of the same phone within the cooldown is refused 429 with Retry-After, and the phone is not asked again", async () => {
  const cleo = seedCaller(server, { username: "cleo" });
  assert.equal((await cleo.as("POST", "/api/accounts/me/phones/cleo-desk/resync")).status, 200);
  const again = await cleo.as("POST", "/api/accounts/me/phones/cleo-desk/resync");
  assert.equal(again.status, 429, again.body);
  const retryAfter = Number(again.headers.get("retry-after")?.[0]);
  assert.ok(retryAfter >= 1 && retryAfter <= RESYNC_COOLDOWN_SECONDS, `Retry-After ${retryAfter}`);
  assert.equal(resyncsOf("0011223344c1").length, 2, "one request: the 401 challenge and the answered retry");
});

test("with the self-service session cookie, a resync from another site's page is refused; from our own page it runs", async () => {
  seedAccount(server.app.db, { username: "dan", domain: DOMAIN, password: PASSWORD, algorithm: "SHA-256" });
  const signIn = await call(server.url, "POST", "/api/session", { body: { username: "dan", password: PASSWORD }, headers: { Origin: server.url } });
  assert.equal(signIn.status, 200, signIn.body);
  const cookie = (signIn.headers.get("set-cookie") ?? []).find((c) => c.startsWith("switchboard_session="))!.split(";")[0];
  const from = (origin: string) => call(server.url, "POST", "/api/accounts/me/phones/dan-desk/resync", { body: {}, headers: { Cookie: cookie, Origin: origin } });
  assert.equal((await from("https://evil.example")).status, 403);
  assert.equal(resyncsOf("0011223344d1").length, 0, "the phone was not asked");
  assert.equal((await from(server.url)).status, 200);
});
