// /acrobits/ext-auth: Switchboard as the External Authentication web service an Acrobits SSO server calls, with the
// fixed parameters username, host, password and cloud_id — the URL template an admin enters in the Cloud Softphone
// portal, filled as the SSO server fills it (GET), or the same parameters as a POST form.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { seedAccount } from "../helpers/sip-api.ts";
import { childrenNamed, parseXml } from "../helpers/xml.ts";
import { DOMAIN, SETTINGS, unique, uniqueAddress } from "../sync/helpers.ts";
import { filled, send } from "./helpers.ts";

/** The portal's "External authentication URL" (README "Acrobits web services"). */
const TEMPLATE = "https://pbx.example.com/acrobits/ext-auth?username=%username%&host=%host%&password=%password%&cloud_id=ACME";
const FORM = "username=%username%&host=%host%&password=%password%&cloud_id=ACME";

let server: TestServer;
before(async () => {
  server = await startTestServer({ "switchboard.yml": SETTINGS });
});
after(() => server.close());

const seed = (o: Partial<Parameters<typeof seedAccount>[1]> = {}) => seedAccount(server.app.db, { username: unique("ext"), domain: DOMAIN, password: "right pw&=?", ...o });

/** The SSO server's GET, from its own address. */
const ask = (values: Record<string, string>, o: { from?: string; accept?: string } = {}) =>
  send(server.url, filled(TEMPLATE, values), { headers: { "X-Forwarded-For": o.from ?? uniqueAddress(), ...(o.accept ? { Accept: o.accept } : {}) } });

/** The numbers and SIP URI of an XML answer. */
function readXml(body: string): { numbers: string[]; sipUri: string } {
  const root = parseXml(body);
  assert.equal(root.local, "response");
  const [list] = childrenNamed(root, "phoneNumbers");
  return { numbers: childrenNamed(list, "phoneNumber").map((n) => n.text), sipUri: childrenNamed(root, "sipUri")[0]?.text ?? "" };
}

test("the documented GET with the placeholders filled: 200 application/xml with the verified numbers and SIP URI", async () => {
  const a = seed({ phone: "+4930555123" });
  const res = await ask({ username: a.username, host: DOMAIN, password: "right pw&=?" });
  assert.equal(res.status, 200, res.body);
  assert.match(res.headers.get("content-type")![0], /^application\/xml/);
  assert.deepEqual(readXml(res.body), { numbers: ["+4930555123"], sipUri: `sip:${a.username}@${DOMAIN}` });
  assert.equal(res.headers.get("cache-control")?.[0], "no-store");
  assert.ok(!res.body.includes("right pw"), "the password is never in the answer");
});

test("the same parameters as a POST form answer the same", async () => {
  const a = seed({ phone: "+4930555124" });
  const res = await send(server.url, "https://pbx.example.com/acrobits/ext-auth", { form: filled(FORM, { username: a.username, host: DOMAIN, password: "right pw&=?" }) });
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(readXml(res.body).numbers, ["+4930555124"]);
});

test("Accept: application/json answers JSON {phoneNumbers, sipUri}", async () => {
  const a = seed({ phone: "+4930555125" });
  const res = await ask({ username: a.username, host: DOMAIN, password: "right pw&=?" }, { accept: "application/json" });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")![0], /^application\/json/);
  assert.deepEqual(res.json(), { phoneNumbers: ["+4930555125"], sipUri: `sip:${a.username}@${DOMAIN}` });
  const both = await ask({ username: a.username, host: DOMAIN, password: "right pw&=?" }, { accept: "application/xml, application/json;q=0.5" });
  assert.match(both.headers.get("content-type")![0], /^application\/xml/, "XML when it comes first");
});

test("an account registered by phone number lists its username too; one without numbers answers an empty list", async () => {
  const byPhone = seed({ username: `+4989${Date.now() % 1_000_000}` });
  assert.deepEqual(readXml((await ask({ username: byPhone.username, host: DOMAIN, password: "right pw&=?" })).body).numbers, [byPhone.username]);
  const none = seed();
  const res = await ask({ username: none.username, host: DOMAIN, password: "right pw&=?" });
  assert.equal(res.status, 200);
  assert.deepEqual(readXml(res.body), { numbers: [], sipUri: `sip:${none.username}@${DOMAIN}` });
});

test("a username written user@host, or without a host in accounts.sip_domain, is the same account", async () => {
  const a = seed({ phone: "+4930555126" });
  const ok = async (params: string) => (await send(server.url, `https://pbx.example.com/acrobits/ext-auth?${params}`, { headers: { "X-Forwarded-For": uniqueAddress() } })).status;
  const pw = encodeURIComponent("right pw&=?");
  assert.equal(await ok(`username=${a.username}%40${DOMAIN}&host=&password=${pw}&cloud_id=X`), 200);
  assert.equal(await ok(`username=${a.username}&password=${pw}`), 200);
  assert.equal(await ok(`username=${a.username}&host=${DOMAIN.toUpperCase()}&password=${pw}&cloud_id=X`), 200, "the domain in any case");
});

test("wrong password, unknown account, another domain, blocked or not activated: 401 and no numbers", async () => {
  const a = seed({ phone: "+4930555127" });
  const blocked = seed({ blocked: 1 });
  const inactive = seed({ activated: 0 });
  for (const values of [
    { username: a.username, host: DOMAIN, password: "wrong" },
    { username: unique("nobody"), host: DOMAIN, password: "right pw&=?" },
    { username: a.username, host: "other.example.com", password: "right pw&=?" },
    { username: blocked.username, host: DOMAIN, password: "right pw&=?" },
    { username: inactive.username, host: DOMAIN, password: "right pw&=?" },
  ]) {
    const res = await ask(values);
    assert.equal(res.status, 401, JSON.stringify(values));
    assert.ok(!res.body.includes("+4930555127"));
  }
});

test("a missing username or password is 422", async () => {
  const res = await send(server.url, "https://pbx.example.com/acrobits/ext-auth?host=x&cloud_id=ACME", { headers: { Accept: "application/json" } });
  assert.equal(res.status, 422);
  assert.deepEqual(Object.keys(res.json().errors).sort(), ["password", "username"]);
});

test("rate-limited like every sign-in: 10 failures from one address, or for one account, answer 429", async () => {
  const a = seed();
  const from = uniqueAddress();
  for (let i = 0; i < 11; i++) assert.equal((await ask({ username: unique("guess"), host: DOMAIN, password: "x" }, { from })).status, 401);
  const blocked = await ask({ username: a.username, host: DOMAIN, password: "right pw&=?" }, { from });
  assert.equal(blocked.status, 429);
  assert.equal(blocked.headers.get("retry-after")?.[0], "300");
  const victim = seed();
  for (let i = 0; i < 11; i++) await ask({ username: victim.username, host: DOMAIN, password: `guess${i}` });
  assert.equal((await ask({ username: victim.username, host: DOMAIN, password: "right pw&=?" })).status, 429, "the account, from any address");
  assert.equal((await ask({ username: a.username, host: DOMAIN, password: "right pw&=?" })).status, 200, "others are not blocked");
});

test("a Switchboard whose sync.external_auth.url is this endpoint signs its users in with these numbers", async (t) => {
  const a = seed({ phone: "+4930555128" });
  const other = await startTestServer({ "switchboard.yml": `${SETTINGS}sync:\n  external_auth: {url: "${server.url}/acrobits/ext-auth"}\n` });
  t.after(() => other.close());
  const res = await send(other.url, "https://other.example.com/sso/token", {
    form: JSON.stringify({ username: `${a.username}@${DOMAIN}`, password: "right pw&=?", cloud_id: "ACME" }),
    contentType: "application/json",
  });
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(res.json().verified_numbers, ["+4930555128"]);
  const wrong = await send(other.url, "https://other.example.com/sso/token", { form: JSON.stringify({ username: a.username, password: "nope", cloud_id: "ACME" }), contentType: "application/json" });
  assert.equal(wrong.status, 401);
});
