// /sync/devices: registering, renaming, listing and deleting an identity's devices, and isolation between
// identities (another identity's device id is 404, never visible).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { acrobitsContacts } from "../fixtures/acrobits-contacts.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { requestToken, SETTINGS, SyncClient, syncUser } from "./helpers.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer({ "switchboard.yml": SETTINGS });
});
after(() => server.close());

test("PUT registers a device (201), PUT again renames it (200), GET lists id, name, platform, count, updated_at", async () => {
  const { client } = await syncUser(server);
  const created = await client.putDevice("iphone-1", { name: "Anna's iPhone", platform: "ios" });
  assert.equal(created.status, 201);
  assert.deepEqual(Object.keys(created.json()), ["id", "name", "platform", "contact_count", "updated_at"]);
  const renamed = await client.putDevice("iphone-1", { name: "Work iPhone" });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.json().platform, "ios", "what is not sent stays");
  await client.putDevice("android 2/x", { name: "Tablet", platform: "android" });
  const list = (await client.devices()).json().devices;
  assert.deepEqual(list.map((d: { id: string; name: string; contact_count: number }) => [d.id, d.name, d.contact_count]), [["android 2/x", "Tablet", 0], ["iphone-1", "Work iPhone", 0]]);
  assert.ok(!Number.isNaN(Date.parse(list[0].updated_at)));
  assert.deepEqual((await client.as("GET", "/sync/devices/iphone-1")).json().name, "Work iPhone");
});

test("a device's name and platform must be short strings", async () => {
  const { client } = await syncUser(server);
  const res = await client.putDevice("d", { name: 7, platform: "x".repeat(201) });
  assert.equal(res.status, 422);
  assert.deepEqual(Object.keys(res.json().errors).sort(), ["name", "platform"]);
  assert.equal((await client.putDevice("x".repeat(201), {})).status, 422);
  assert.equal((await client.devices()).json().devices.length, 0);
});

test("DELETE removes the device and its contacts", async () => {
  const { client } = await syncUser(server);
  await client.putDevice("old");
  assert.equal((await client.upload("old", { upsert: acrobitsContacts(30) })).json().contact_count, 30);
  const res = await client.deleteDevice("old");
  assert.equal(res.status, 204);
  assert.deepEqual((await client.devices()).json().devices, []);
  assert.equal((await client.checksums("old")).status, 404);
  assert.equal(server.app.db.prepare("SELECT count(*) FROM sync_contacts c LEFT JOIN sync_devices d ON d.id = c.device WHERE d.id IS NULL").pluck().get(), 0, "no contact is left without its device");
  assert.equal((await client.deleteDevice("old")).status, 404);
});

test("another identity's device is not found, whatever is asked of it", async () => {
  const anna = await syncUser(server);
  const bob = await syncUser(server);
  await anna.client.putDevice("shared-name", { name: "Anna's" });
  await anna.client.upload("shared-name", { upsert: acrobitsContacts(5) });
  for (const res of [
    await bob.client.as("GET", "/sync/devices/shared-name"),
    await bob.client.checksums("shared-name"),
    await bob.client.contacts("shared-name"),
    await bob.client.upload("shared-name", { delete: [acrobitsContacts(1)[0].contactId] }),
    await bob.client.deleteDevice("shared-name"),
  ]) {
    assert.equal(res.status, 404);
    assert.doesNotMatch(res.body, /Anna/);
  }
  assert.deepEqual((await bob.client.devices()).json().devices, []);
  // Bob may use the same device id for a device of his own; Anna's is untouched.
  assert.equal((await bob.client.putDevice("shared-name", { name: "Bob's" })).status, 201);
  assert.equal((await bob.client.checksums("shared-name")).body, "{}");
  const annas = (await anna.client.devices()).json().devices;
  assert.deepEqual(annas.map((d: { name: string; contact_count: number }) => [d.name, d.contact_count]), [["Anna's", 5]]);
});

test("the same user with another cloud ID does not see the first cloud's devices", async () => {
  const first = await syncUser(server, { cloud_id: "tenant-a" });
  await first.client.putDevice("phone");
  const second = new SyncClient(server, (await requestToken(server, { ...first.signIn, cloud_id: "tenant-b" })).json().token);
  assert.deepEqual((await second.devices()).json().devices, []);
  assert.equal((await second.checksums("phone")).status, 404);
});
