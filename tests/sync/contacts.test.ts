// A device's address book over the sync API as an Acrobits app keeps it: a first upload, then checksums and only
// the changed contacts, deletes, two devices, and batches that are refused whole.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { acrobitsContact, acrobitsContacts, type AcrobitsContact } from "../fixtures/acrobits-contacts.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { SETTINGS, syncUser, type SyncClient } from "./helpers.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer({ "switchboard.yml": SETTINGS });
});
after(() => server.close());

/** A signed-in client with a registered device. */
async function device(id = "phone"): Promise<SyncClient> {
  const { client } = await syncUser(server);
  await client.putDevice(id);
  return client;
}

const checksumMap = (contacts: AcrobitsContact[]) => Object.fromEntries(contacts.map((c) => [c.contactId, c.checksum]));

/** What an app does on a re-sync: the server's checksums against its own, then only what differs. */
async function resync(client: SyncClient, deviceId: string, local: AcrobitsContact[]) {
  const server = (await client.checksums(deviceId)).json() as Record<string, string>;
  const mine = new Set(local.map((c) => c.contactId));
  const upsert = local.filter((c) => server[c.contactId] !== c.checksum);
  const remove = Object.keys(server).filter((id) => !mine.has(id));
  return client.upload(deviceId, { upsert, delete: remove });
}

test("a first upload of 2,000 contacts is stored as given, counted, and listed by checksum", async () => {
  const client = await device();
  const contacts = acrobitsContacts(2000);
  const res = await client.upload("phone", { upsert: contacts });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), { contact_count: 2000 });
  assert.deepEqual((await client.checksums("phone")).json(), checksumMap(contacts));
  assert.equal((await client.devices()).json().devices[0].contact_count, 2000);
  const back = (await client.contacts("phone")).json();
  assert.equal(back.contacts.length, 2000);
  assert.deepEqual(back.contacts[1], { ...contacts[1], onNet: false }, "every field as uploaded");
  assert.ok(!Number.isNaN(Date.parse(back.synced_at)));
});

test("a re-sync sends only the 10 changed contacts, a small fraction of the first upload", async () => {
  const client = await device();
  const first = acrobitsContacts(2000);
  const initial = await client.upload("phone", { upsert: first });
  const changed = new Set([3, 150, 151, 700, 999, 1000, 1200, 1500, 1777, 1999]);
  const local = first.map((c, i) => (changed.has(i) ? acrobitsContact(i, 1) : c));
  const res = await resync(client, "phone", local);
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), { contact_count: 2000 });
  assert.ok(res.sentBytes < initial.sentBytes / 100, `re-sync sent ${res.sentBytes} bytes, the first upload ${initial.sentBytes}`);
  assert.ok(res.sentBytes < 10 * 1024, `${res.sentBytes} bytes for 10 contacts`);
  assert.deepEqual((await client.checksums("phone")).json(), checksumMap(local));
  const nothing = await resync(client, "phone", local);
  assert.equal(nothing.sentBytes, Buffer.byteLength('{"upsert":[],"delete":[]}'), "in step: nothing to send");
});

test("deleted contacts leave the device; deleting an unknown contactId is no error", async () => {
  const client = await device();
  const contacts = acrobitsContacts(20);
  await client.upload("phone", { upsert: contacts });
  const res = await client.upload("phone", { delete: [contacts[0].contactId, contacts[5].contactId, "never-uploaded"] });
  assert.deepEqual(res.json(), { contact_count: 18 });
  const left = (await client.checksums("phone")).json();
  assert.equal(left[contacts[0].contactId], undefined);
  assert.equal(left[contacts[1].contactId], contacts[1].checksum);
  assert.equal((await resync(client, "phone", contacts.slice(10))).json().contact_count, 10, "a re-sync deletes what the phone no longer has");
});

test("two devices of one identity keep separate address books", async () => {
  const client = await device("iphone");
  await client.putDevice("ipad");
  await client.upload("iphone", { upsert: acrobitsContacts(30) });
  await client.upload("ipad", { upsert: [acrobitsContact(0, 5), acrobitsContact(100)] });
  await client.upload("iphone", { delete: [acrobitsContact(100).contactId, acrobitsContact(1).contactId] });
  const counts = (await client.devices()).json().devices.map((d: { id: string; contact_count: number }) => [d.id, d.contact_count]);
  assert.deepEqual(counts, [["ipad", 2], ["iphone", 29]]);
  assert.equal((await client.checksums("ipad")).json()[acrobitsContact(0).contactId], acrobitsContact(0, 5).checksum, "the same contactId, each device's own version");
  assert.equal((await client.checksums("iphone")).json()[acrobitsContact(0).contactId], acrobitsContact(0).checksum);
});

test("a bad contact rejects the whole batch with a 422 naming its index and field; nothing is stored", async () => {
  const client = await device();
  await client.upload("phone", { upsert: acrobitsContacts(3) });
  const before = (await client.checksums("phone")).body;
  const good = acrobitsContacts(100, 10);
  const cases: [unknown, string][] = [
    [{ ...good[17], contactId: undefined }, "upsert.17.contactId"],
    [{ ...good[17], contactId: 17 }, "upsert.17.contactId"],
    [{ ...good[17], displayName: ["Anna"] }, "upsert.17.displayName"],
    [{ ...good[17], contactEntries: { uri: "+4930" } }, "upsert.17.contactEntries"],
    [{ ...good[17], contactEntries: ["+4930"] }, "upsert.17.contactEntries.0"],
    [{ ...good[17], contactEntries: [{ entryId: "tel:0", type: "tel", uri: 4930 }] }, "upsert.17.contactEntries.0.uri"],
    [{ ...good[17], contactAddresses: [{ city: null }] }, "upsert.17.contactAddresses.0.city"],
    ["not a contact", "upsert.17"],
  ];
  for (const [bad, field] of cases) {
    const upsert = good.map((c, i) => (i === 17 ? bad : c));
    const res = await client.upload("phone", { upsert, delete: [acrobitsContact(0).contactId] });
    assert.equal(res.status, 422, field);
    assert.deepEqual(Object.keys(res.json().errors), [field]);
    assert.match(res.json().error, new RegExp(`^${field.replace(/\./g, "\\.")}: .*Nothing was stored\\.$`));
  }
  assert.equal((await client.checksums("phone")).body, before, "neither the upserts nor the delete were stored");
  assert.equal((await client.devices()).json().devices[0].contact_count, 3);
});

test("a large batch read off the event loop still names its bad contact", async () => {
  const client = await device();
  const upsert: unknown[] = acrobitsContacts(2000);
  upsert[1500] = { ...acrobitsContact(1500), contactId: "" };
  upsert[1600] = { ...acrobitsContact(1600), notes: 42 };
  const res = await client.upload("phone", { upsert });
  assert.equal(res.status, 422);
  assert.deepEqual(res.json().errors, { "upsert.1500.contactId": ["The contactId is required."], "upsert.1600.notes": ["This must be a string."] });
  assert.match(res.json().error, /\(and 1 more problem\)/);
  assert.equal((await client.checksums("phone")).body, "{}");
});

test("a contactId twice in a batch, or in both upsert and delete, is refused", async () => {
  const client = await device();
  const [a, b] = acrobitsContacts(2);
  const twice = await client.upload("phone", { upsert: [a, b, { ...a, displayName: "Other" }] });
  assert.equal(twice.status, 422);
  assert.deepEqual(Object.keys(twice.json().errors), ["upsert.2.contactId"]);
  const both = await client.upload("phone", { upsert: [a], delete: [b.contactId, a.contactId] });
  assert.deepEqual(Object.keys(both.json().errors), ["delete.1"]);
  const notString = await client.upload("phone", { delete: ["ok", 5] });
  assert.deepEqual(Object.keys(notString.json().errors), ["delete.1"]);
  const notList = await client.upload("phone", { upsert: { a } as unknown as unknown[] });
  assert.deepEqual(Object.keys(notList.json().errors), ["upsert"]);
  assert.equal((await client.checksums("phone")).body, "{}");
});

test("a device holds at most 50,000 contacts: the batch that would pass it is refused whole", async () => {
  const client = await device();
  const small = (i: number) => ({ contactId: `c${i}`, checksum: `s${i}` });
  const full = await client.upload("phone", { upsert: Array.from({ length: 50_000 }, (_, i) => small(i)) });
  assert.deepEqual(full.json(), { contact_count: 50_000 });
  const over = await client.upload("phone", { upsert: [small(50_000)] });
  assert.equal(over.status, 422);
  assert.match(over.json().errors.upsert[0], /at most 50,000 contacts; this batch would make 50,001/);
  assert.equal((await client.devices()).json().devices[0].contact_count, 50_000);
  assert.equal((await client.upload("phone", { upsert: [small(50_000)], delete: ["c0"] })).json().contact_count, 50_000, "a swap fits");
  const tooMany = await client.upload("phone", { delete: Array.from({ length: 50_001 }, (_, i) => `c${i}`) });
  assert.deepEqual(Object.keys(tooMany.json().errors), ["delete"]);
});

test("an upload over 10 MB is 413, one that is not JSON 400, one not labelled JSON 415", async () => {
  const client = await device();
  const huge = await client.upload("phone", { upsert: [{ contactId: "x", notes: "n".repeat(10 * 1024 * 1024) }] });
  assert.equal(huge.status, 413);
  const res = await fetch(`${server.url}/sync/devices/phone/contacts`, { method: "POST", headers: { Authorization: `Bearer ${client.token}`, "Content-Type": "application/json" }, body: '{"upsert": [' });
  assert.equal(res.status, 400);
  const form = await fetch(`${server.url}/sync/devices/phone/contacts`, { method: "POST", headers: { Authorization: `Bearer ${client.token}`, "Content-Type": "application/x-www-form-urlencoded" }, body: "upsert=x" });
  assert.equal(form.status, 415);
  const array = await client.upload("phone", [] as unknown as { upsert: [] });
  assert.equal(array.status, 422);
});

test("a contact keeps fields Acrobits may add; onNet and sipUri sent back by a client are the server's to fill", async () => {
  const client = await device();
  const contact = { contactId: "__proto__", checksum: "A1", displayName: "Echo", ringtone: "bells", onNet: true, sipUri: "sip:fake@evil.example" };
  await client.upload("phone", { upsert: [contact] });
  const [back] = (await client.contacts("phone")).json().contacts;
  assert.deepEqual(back, { contactId: "__proto__", checksum: "A1", displayName: "Echo", ringtone: "bells", onNet: false });
  assert.deepEqual((await client.checksums("phone")).json(), { ["__proto__"]: "A1" });
});

test("?since= gives the contacts changed after an earlier answer's synced_at; deletes show in the checksums", async () => {
  const client = await device();
  const contacts = acrobitsContacts(50);
  await client.upload("phone", { upsert: contacts });
  const { synced_at } = (await client.contacts("phone")).json();
  await new Promise((r) => setTimeout(r, 5));
  await client.upload("phone", { upsert: [acrobitsContact(7, 2), acrobitsContact(60)], delete: [contacts[8].contactId] });
  const changed = (await client.contacts("phone", synced_at)).json();
  assert.deepEqual(changed.contacts.map((c: AcrobitsContact) => c.contactId), [acrobitsContact(7).contactId, acrobitsContact(60).contactId]);
  assert.equal(changed.contacts[0].checksum, acrobitsContact(7, 2).checksum);
  assert.equal((await client.checksums("phone")).json()[contacts[8].contactId], undefined);
  assert.equal((await client.contacts("phone", "yesterday-ish")).status, 422);
});
