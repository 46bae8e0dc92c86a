// Smart contacts: a synced contact whose number, however it is written, is a SIP account's phone or another
// identity's verified number comes back with onNet: true and that someone's SIP URI.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startExternalAuth } from "../fakes/external-auth.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { seedAccount } from "../helpers/sip-api.ts";
import { DOMAIN, requestToken, SETTINGS, SyncClient, syncUser, unique } from "./helpers.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer({ "switchboard.yml": SETTINGS });
});
after(() => server.close());

/** Numbers no other test of the file uses: 030 + a running block. */
let block = 100;
const berlinNumber = () => `${++block}${String(Math.floor(Math.random() * 1000)).padStart(3, "0")}`;

const contact = (id: string, ...numbers: string[]) => ({
  contactId: id,
  checksum: id,
  displayName: id,
  contactEntries: numbers.map((uri, i) => ({ entryId: `tel:${i}`, label: "work", type: "tel", uri })),
});

async function uploadAndRead(client: SyncClient, contacts: object[]): Promise<Record<string, { onNet: boolean; sipUri?: string }>> {
  await client.putDevice("phone");
  assert.equal((await client.upload("phone", { upsert: contacts })).status, 200);
  const back = (await client.contacts("phone")).json().contacts as { contactId: string; onNet: boolean; sipUri?: string }[];
  return Object.fromEntries(back.map((c) => [c.contactId, { onNet: c.onNet, ...(c.sipUri ? { sipUri: c.sipUri } : {}) }]));
}

test("a SIP account's phone matches written as +49 30 1234, 030 1234 or 0049301234", async () => {
  const local = berlinNumber();
  const { account } = await syncUser(server, { account: { phone: `+4930${local}` } });
  const { client } = await syncUser(server);
  const uri = `sip:${account.username}@${DOMAIN}`;
  const seen = await uploadAndRead(client, [
    contact("international", `+49 30 ${local}`),
    contact("national", `030 ${local}`),
    contact("double-zero", `0049 30${local}`),
    contact("tel-uri", `tel:+4930${local}`),
    contact("stranger", "+49 30 999999999"),
  ]);
  assert.deepEqual(seen, {
    "double-zero": { onNet: true, sipUri: uri },
    international: { onNet: true, sipUri: uri },
    national: { onNet: true, sipUri: uri },
    stranger: { onNet: false },
    "tel-uri": { onNet: true, sipUri: uri },
  });
});

test("another identity's verified numbers count, the caller's own do not", async () => {
  const service = await startExternalAuth();
  server.writeConfig("switchboard.yml", `${SETTINGS}sync:\n  external_auth: {url: "${service.url}"}\n`);
  try {
    const mine = `+4930${berlinNumber()}`;
    const theirs = `+4930${berlinNumber()}`;
    const me = unique("me");
    const friend = unique("friend");
    service.users.set(`${me}@${DOMAIN}`, { password: "pw", numbers: [mine] });
    service.users.set(`${friend}@voip.example.net`, { password: "pw", numbers: [theirs] });
    assert.equal((await requestToken(server, { username: `${friend}@voip.example.net`, password: "pw", cloud_id: "c" })).status, 200);
    const client = new SyncClient(server, (await requestToken(server, { username: me, password: "pw", cloud_id: "c" })).json().token);
    const seen = await uploadAndRead(client, [contact("friend", theirs.replace("+49", "0")), contact("myself", mine)]);
    assert.deepEqual(seen, { friend: { onNet: true, sipUri: `sip:${friend}@voip.example.net` }, myself: { onNet: false } });
  } finally {
    server.writeConfig("switchboard.yml", SETTINGS);
    await service.close();
  }
});

test("the contact's first number on the net names whom to call; other entry types are not numbers", async () => {
  const first = berlinNumber();
  const second = berlinNumber();
  await syncUser(server, { account: { phone: `+4930${first}` } });
  const { account: b } = await syncUser(server, { account: { phone: `+4930${second}` } });
  const { client } = await syncUser(server);
  const both = contact("both", "+1 555 0100", `030 ${second}`, `030 ${first}`);
  const notTel = { ...contact("email"), contactEntries: [{ entryId: "email:0", type: "email", uri: `030${first}` }] };
  const seen = await uploadAndRead(client, [both, notTel]);
  assert.deepEqual(seen.both, { onNet: true, sipUri: `sip:${b.username}@${DOMAIN}` });
  assert.deepEqual(seen.email, { onNet: false });
});

test("blocked and not activated accounts are not on the net", async () => {
  const blocked = berlinNumber();
  const inactive = berlinNumber();
  seedAccount(server.app.db, { username: unique("blocked"), domain: DOMAIN, phone: `+4930${blocked}`, blocked: 1 });
  seedAccount(server.app.db, { username: unique("inactive"), domain: DOMAIN, phone: `+4930${inactive}`, activated: 0 });
  const { client } = await syncUser(server);
  const seen = await uploadAndRead(client, [contact("blocked", `030${blocked}`), contact("inactive", `030${inactive}`)]);
  assert.deepEqual(seen, { blocked: { onNet: false }, inactive: { onNet: false } });
});

test("sync.default_country is the country of numbers written without one", async (t) => {
  server.writeConfig("switchboard.yml", `${SETTINGS}sync:\n  default_country: "43"\n`);
  t.after(() => server.writeConfig("switchboard.yml", SETTINGS));
  const vienna = berlinNumber();
  const { account } = await syncUser(server, { account: { phone: `+431${vienna}` } });
  const { client } = await syncUser(server);
  const seen = await uploadAndRead(client, [contact("vienna", `01 ${vienna}`), contact("berlin-written", `+49 1 ${vienna}`)]);
  assert.deepEqual(seen, { "berlin-written": { onNet: false }, vienna: { onNet: true, sipUri: `sip:${account.username}@${DOMAIN}` } });
});

test("an identity's verified numbers count while its token is valid", async () => {
  const number = berlinNumber();
  const { signIn } = await syncUser(server, { account: { phone: `+4930${number}` } });
  server.app.db.prepare("UPDATE accounts SET phone = NULL WHERE username || '@' || domain = ?").run(signIn.username);
  const { client } = await syncUser(server);
  assert.equal((await uploadAndRead(client, [contact("friend", `030${number}`)])).friend.sipUri, `sip:${signIn.username}`, "through the identity");
  server.app.db.prepare("UPDATE sso_tokens SET expires_at = ? WHERE username = ?").run(new Date(Date.now() - 1000).toISOString(), signIn.username);
  assert.equal((await client.contacts("phone")).json().contacts[0].onNet, false, "an identity that no longer signs in drops off");
});

test("a match found after the upload shows on the next read: the numbers are compared when read", async () => {
  const later = berlinNumber();
  const { client } = await syncUser(server);
  const before = await uploadAndRead(client, [contact("newcomer", `030 ${later}`)]);
  assert.deepEqual(before.newcomer, { onNet: false });
  const { account } = await syncUser(server, { account: { phone: `+4930${later}` } });
  const [after] = (await client.contacts("phone")).json().contacts;
  assert.equal(after.sipUri, `sip:${account.username}@${DOMAIN}`);
});
