// Directory integration: the identity that owns a synced device shares its address book as a phone-book source
// (PUT /sync/devices/{id}/directory); the key shows the contacts in the Cisco directory and the dialer, the
// contacts follow the device's uploads, and deleting the device (or unsharing) takes them out again.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { parseDirectory, parseMenu } from "../helpers/cisco.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call } from "../helpers/sip-api.ts";
import { SETTINGS, syncUser, type SyncClient } from "./helpers.ts";

const PUBLIC = "http://pbx.test:8080";
let server: TestServer;
before(async () => {
  server = await startTestServer({ "switchboard.yml": `${SETTINGS}public_url: "${PUBLIC}"\n` });
});
after(() => server.close());

const contact = (id: string, name: string, ...numbers: [label: string, uri: string][]) => ({
  contactId: id,
  checksum: `${id}-${name}`,
  displayName: name,
  contactEntries: numbers.map(([label, uri], i) => ({ entryId: `tel:${i}`, label, type: "tel", uri })),
});

const share = (client: SyncClient, device: string) => client.as("PUT", `/sync/devices/${device}/directory`);

/** A signed-in identity with a device "phone" holding `contacts`, shared; its key. */
async function sharedPhone(contacts: object[]): Promise<{ client: SyncClient; key: string }> {
  const { client } = await syncUser(server);
  await client.putDevice("phone", { name: "Anna's iPhone", platform: "ios" });
  assert.equal((await client.upload("phone", { upsert: contacts })).status, 200);
  const res = await share(client, "phone");
  assert.equal(res.status, 201, res.body);
  return { client, key: res.json().key };
}

/** Every entry of the key's "All contacts" list, as the phone shows them. */
async function directory(key: string): Promise<{ name: string; telephone: string }[]> {
  const res = await server.get(`/cisco/directory?key=${key}&list=all`);
  assert.equal(res.status, 200);
  return parseDirectory(res.body).entries;
}

test("a shared device's contacts are in the Cisco directory under its key, numbers dialable", async () => {
  const { key } = await sharedPhone([
    contact("1", "Zoë Ärger", ["mobile", "+49 170 1234567"]),
    contact("2", "Bernd Schmidt", ["work", "030 1234"], ["home fax", "+43 1 555"]),
  ]);
  assert.match(key, /^[0-9a-f]{32}$/);
  const menu = parseMenu((await server.get(`/cisco/directory?key=${key}`)).body);
  assert.deepEqual(menu.items.map((i) => i.name), ["Search", "All contacts"]);
  assert.deepEqual(await directory(key), [
    { name: "Bernd Schmidt (Work)", telephone: "0301234" },
    { name: "Bernd Schmidt (Fax (home))", telephone: "00431555" },
    { name: "Zoë Ärger (Mobile)", telephone: "01701234567" },
  ]);
  const found = parseDirectory((await server.get(`/cisco/directory?key=${key}&q=zoe`)).body);
  assert.deepEqual(found.entries.map((e) => e.name), ["Zoë Ärger (Mobile)"], "searched by name, accents folded");
  const caller = parseDirectory((await server.get(`/cisco/directory?key=${key}&n=%2B49301234`)).body);
  assert.deepEqual(caller.entries.map((e) => e.name), ["Bernd Schmidt (Work)"], "a caller's number finds the name");
});

test("the dialer suggests a shared device's contacts", async () => {
  const { key } = await sharedPhone([contact("1", "Carla Dialer", ["mobile", "0171 2223334"])]);
  const res = await call(server.url, "GET", `/api/dialer/suggest?key=${key}&q=carla`);
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(res.json().suggestions.map((s: { name: string }) => s.name), ["Carla Dialer"]);
});

test("not shared: GET is 404; PUT shares (201), again answers the same key (200), GET shows it", async () => {
  const { client } = await syncUser(server);
  await client.putDevice("tablet");
  await client.upload("tablet", { upsert: [contact("1", "One", ["work", "0301"]), contact("2", "Two")] });
  assert.equal((await client.as("GET", "/sync/devices/tablet/directory")).status, 404);
  const first = await share(client, "tablet");
  assert.equal(first.status, 201);
  assert.deepEqual(Object.keys(first.json()).sort(), ["contact_count", "created_at", "key", "label"]);
  assert.equal(first.json().contact_count, 2);
  const again = await share(client, "tablet");
  assert.equal(again.status, 200);
  assert.equal(again.json().key, first.json().key);
  assert.deepEqual((await client.as("GET", "/sync/devices/tablet/directory")).json(), again.json());
  assert.equal((await share(client, "no-such-device")).status, 404);
});

test("the directory follows uploads: new contacts appear, changed ones change, deleted ones go", async () => {
  const { client, key } = await sharedPhone([contact("1", "Old Name", ["work", "030 1111"]), contact("2", "Leaving Soon", ["mobile", "0170 2"])]);
  const res = await client.upload("phone", {
    upsert: [contact("1", "New Name", ["mobile", "0172 3333"]), contact("3", "Arrived", ["work", "040 5"])],
    delete: ["2"],
  });
  assert.equal(res.status, 200);
  assert.deepEqual(await directory(key), [
    { name: "Arrived (Work)", telephone: "0405" },
    { name: "New Name (Mobile)", telephone: "01723333" },
  ]);
  assert.equal(parseDirectory((await server.get(`/cisco/directory?key=${key}&n=0301111`)).body).entries.length, 0, "the old number is gone from the lookup");
  assert.equal((await client.as("GET", "/sync/devices/phone/directory")).json().contact_count, 2);
});

test("a rejected upload changes the directory no more than the device", async () => {
  const { client, key } = await sharedPhone([contact("1", "Stays", ["work", "0301"])]);
  const bad = await client.upload("phone", { upsert: [contact("2", "Would be new", ["work", "0302"]), { contactId: "" }] });
  assert.equal(bad.status, 422);
  assert.deepEqual((await directory(key)).map((e) => e.name), ["Stays (Work)"]);
});

test("unsharing takes the contacts out of the directory (the key is unknown) and keeps the device's own", async () => {
  const { client, key } = await sharedPhone([contact("1", "Private Again", ["work", "0301"])]);
  assert.equal((await client.as("DELETE", "/sync/devices/phone/directory")).status, 204);
  const res = await server.get(`/cisco/directory?key=${key}`);
  assert.match(res.body, /unknown/);
  assert.equal((await client.contacts("phone")).json().contacts.length, 1, "the device keeps its contacts");
  assert.equal((await client.as("DELETE", "/sync/devices/phone/directory")).status, 404, "not shared any more");
  assert.notEqual((await share(client, "phone")).json().key, key, "sharing again gives a new key");
});

test("deleting the device deletes its source, the source's contacts and their search entries", async () => {
  const { client, key } = await sharedPhone([contact("1", "Gone Soon", ["work", "030 98765"])]);
  const db = server.app.db;
  const sourceId = db.prepare("SELECT id FROM contact_sources WHERE key = ?").pluck().get(key) as number;
  assert.equal((await client.deleteDevice("phone")).status, 204);
  assert.equal(db.prepare("SELECT count(*) FROM contact_sources WHERE key = ?").pluck().get(key), 0);
  assert.equal(db.prepare("SELECT count(*) FROM contacts WHERE source_id = ?").pluck().get(sourceId), 0);
  assert.equal(db.prepare("SELECT count(*) FROM directory_entries WHERE source_id = ?").pluck().get(sourceId), 0);
  assert.equal(db.prepare("SELECT count(*) FROM contact_name_search WHERE contact_name_search MATCH 'gone'").pluck().get(), 0);
  assert.match((await server.get(`/cisco/directory?key=${key}&list=all`)).body, /unknown/);
});

test("another identity can neither share, see nor unshare your device; its own device of that id is its own", async () => {
  const owner = await sharedPhone([contact("1", "Mine", ["work", "0301"])]);
  const { client: other } = await syncUser(server);
  assert.equal((await share(other, "phone")).status, 404);
  assert.equal((await other.as("GET", "/sync/devices/phone/directory")).status, 404);
  assert.equal((await other.as("DELETE", "/sync/devices/phone/directory")).status, 404);
  await other.putDevice("phone");
  const own = await share(other, "phone");
  assert.equal(own.status, 201);
  assert.notEqual(own.json().key, owner.key);
  assert.equal(own.json().contact_count, 0);
  assert.deepEqual((await directory(owner.key)).map((e) => e.name), ["Mine (Work)"], "the owner's share is untouched");
});

test("the admin sees the source as a Contact Sync device and can delete it, which unshares", async () => {
  const { client, key } = await sharedPhone([contact("1", "Admin Sees", ["work", "0301"])]);
  const list = await call(server.url, "GET", "/api/admin/contact-sources");
  const source = list.json().sources.find((s: { key: string }) => s.key === key);
  assert.equal(source.provider, "sync-device");
  assert.equal(source.provider_name, "Contact Sync device");
  assert.match(source.label, /^Anna's iPhone \(user\d+@sip\.example\.com\)$/);
  assert.equal(source.contact_count, 1);
  assert.ok(!JSON.stringify(source).includes("token"), "no secrets");
  const removed = await call(server.url, "DELETE", `/api/admin/contact-sources/${key}`, { headers: { Origin: server.url }, body: {} });
  assert.equal(removed.status, 200, removed.body);
  assert.deepEqual(removed.json(), { deleted: key });
  assert.equal((await client.as("GET", "/sync/devices/phone/directory")).status, 404);
});
