// Contacts lists as FlexiAPI 1.5.0's ApiAccountContactsTest (its contacts-lists part) and ContactsListController
// define them, each case on its own: lists of accounts, attached to accounts whose contacts their members become.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { errorFields, seedAdmin, seedCaller, SETTINGS, unique } from "./callers.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer({ "switchboard.yml": SETTINGS });
});
after(() => server.close());

const listTitles = () => server.app.db.prepare("SELECT title FROM contacts_lists").pluck().all() as string[];

/** An admin, three accounts, and a list holding all three. */
async function listOfThree() {
  const admin = seedAdmin(server);
  const members = [seedCaller(server), seedCaller(server), seedCaller(server)];
  const title = unique("Contacts List title ");
  const created = await admin.as("POST", "/api/contacts_lists", { title, description: "Description" });
  const list = created.json();
  const added = [];
  for (const m of members) added.push(await admin.as("POST", `/api/contacts_lists/${list.id}/contacts/${m.account.id}`));
  return { admin, members, title, created, list, added };
}

const usernames = (list: { username: string }[]) => list.map((c) => c.username);

test("an admin creates a contacts list: 201, stored with its title", async () => {
  const { created, title } = await listOfThree();
  assert.equal(created.status, 201, created.body);
  assert.ok(listTitles().includes(title));
  const { id, description, contacts_count, created_at, updated_at } = created.json();
  assert.equal(typeof id, "number");
  assert.equal(description, "Description");
  assert.equal(contacts_count, 0);
  assert.ok(created_at && updated_at);
});

test("a contacts list needs a title and a description: 422", async () => {
  const admin = seedAdmin(server);
  const res = await admin.as("POST", "/api/contacts_lists", {});
  assert.equal(res.status, 422);
  assert.deepEqual(errorFields(res).sort(), ["description", "title"]);
  assert.deepEqual(errorFields(await admin.as("POST", "/api/contacts_lists", { title: "t" })), ["description"]);
});

test("accounts are put in a list: 200 each; an unknown account is 404", async () => {
  const { admin, list, added } = await listOfThree();
  assert.deepEqual(added.map((r) => r.status), [200, 200, 200]);
  assert.equal((await admin.as("POST", `/api/contacts_lists/${list.id}/contacts/1234567`)).status, 404);
  assert.equal((await admin.as("GET", `/api/contacts_lists/${list.id}`)).json().contacts_count, 3);
});

test("putting an account in a list it is in already is 403", async () => {
  const { admin, members, list } = await listOfThree();
  assert.equal((await admin.as("POST", `/api/contacts_lists/${list.id}/contacts/${members[0].account.id}`)).status, 403);
  assert.equal((await admin.as("POST", `/api/contacts_lists/999999/contacts/${members[0].account.id}`)).status, 404, "an unknown list");
});

test("a list is attached to an account once: 200, then 403", async () => {
  const { admin, list } = await listOfThree();
  assert.equal((await admin.as("POST", `/api/accounts/${admin.account.id}/contacts_lists/${list.id}`)).status, 200);
  assert.equal((await admin.as("POST", `/api/accounts/${admin.account.id}/contacts_lists/${list.id}`)).status, 403);
  assert.equal((await admin.as("POST", `/api/accounts/${admin.account.id}/contacts_lists/999999`)).status, 404);
});

test("the account a list is attached to sees its members in /api/accounts/me/contacts", async () => {
  const { admin, members, list } = await listOfThree();
  await admin.as("POST", `/api/accounts/${admin.account.id}/contacts_lists/${list.id}`);
  const res = await admin.as("GET", "/api/accounts/me/contacts");
  assert.equal(res.status, 200);
  assert.deepEqual(usernames(res.json()), members.map((m) => m.account.username));
  assert.ok(res.json().every((c: { activated: boolean }) => c.activated === true));
});

test("/api/accounts/me/contacts/{sip} finds a contact through a list", async () => {
  const { admin, members, list } = await listOfThree();
  await admin.as("POST", `/api/accounts/${admin.account.id}/contacts_lists/${list.id}`);
  const res = await admin.as("GET", `/api/accounts/me/contacts/${members[1].sip}`);
  assert.equal(res.status, 200);
  assert.equal(res.json().username, members[1].account.username);
  assert.equal(res.json().activated, true);
});

test("a contact attached directly and through a list is listed once", async () => {
  const { admin, members, list } = await listOfThree();
  const viewer = seedCaller(server);
  await admin.as("POST", `/api/accounts/${viewer.account.id}/contacts/${members[0].account.id}`);
  await admin.as("POST", `/api/accounts/${viewer.account.id}/contacts_lists/${list.id}`);
  assert.deepEqual(usernames((await viewer.as("GET", "/api/accounts/me/contacts")).json()), members.map((m) => m.account.username));
});

test("GET /api/contacts_lists lists the lists, GET /api/contacts_lists/{id} shows one with its contacts count", async () => {
  const { admin, list } = await listOfThree();
  const all = await admin.as("GET", "/api/contacts_lists");
  assert.equal(all.status, 200);
  assert.equal(all.json().find((l: { id: number }) => l.id === list.id).contacts_count, 3);
  const one = await admin.as("GET", `/api/contacts_lists/${list.id}`);
  assert.equal(one.status, 200);
  assert.deepEqual(one.json(), { ...list, contacts_count: 3 });
  assert.equal((await admin.as("GET", "/api/contacts_lists/999999")).status, 404);
});

test("PUT /api/contacts_lists/{id} changes title and description, both required", async () => {
  const { admin, list } = await listOfThree();
  const res = await admin.as("PUT", `/api/contacts_lists/${list.id}`, { title: "Doors", description: "Every door opener" });
  assert.equal(res.status, 200);
  assert.equal(res.json().title, "Doors");
  assert.equal(res.json().description, "Every door opener");
  assert.equal((await admin.as("PUT", `/api/contacts_lists/${list.id}`, { title: "Doors" })).status, 422);
});

test("taking an account out of a list: 200, then 403; its viewers no longer see it", async () => {
  const { admin, members, list } = await listOfThree();
  await admin.as("POST", `/api/accounts/${admin.account.id}/contacts_lists/${list.id}`);
  assert.equal((await admin.as("DELETE", `/api/contacts_lists/${list.id}/contacts/${members[0].account.id}`)).status, 200);
  assert.equal((await admin.as("DELETE", `/api/contacts_lists/${list.id}/contacts/${members[0].account.id}`)).status, 403);
  assert.deepEqual(usernames((await admin.as("GET", "/api/accounts/me/contacts")).json()), members.slice(1).map((m) => m.account.username));
});

test("detaching a list from an account: 200, then 403; its members are no longer the account's contacts", async () => {
  const { admin, list } = await listOfThree();
  await admin.as("POST", `/api/accounts/${admin.account.id}/contacts_lists/${list.id}`);
  assert.equal((await admin.as("DELETE", `/api/accounts/${admin.account.id}/contacts_lists/${list.id}`)).status, 200);
  assert.equal((await admin.as("DELETE", `/api/accounts/${admin.account.id}/contacts_lists/${list.id}`)).status, 403);
  assert.deepEqual((await admin.as("GET", "/api/accounts/me/contacts")).json(), []);
});

test("deleting a list: 200; the accounts it was attached to lose its members as contacts", async () => {
  const { admin, list, title } = await listOfThree();
  await admin.as("POST", `/api/accounts/${admin.account.id}/contacts_lists/${list.id}`);
  assert.equal((await admin.as("DELETE", `/api/contacts_lists/${list.id}`)).status, 200);
  assert.ok(!listTitles().includes(title));
  assert.deepEqual((await admin.as("GET", "/api/accounts/me/contacts")).json(), []);
  assert.equal((await admin.as("DELETE", `/api/contacts_lists/${list.id}`)).status, 404);
});

test("contacts lists are for admins: a signed-in user gets 403 Unauthorized area", async () => {
  const res = await seedCaller(server).as("POST", "/api/contacts_lists", { title: "t", description: "d" });
  assert.equal(res.status, 403);
  assert.equal(res.json().message, "Unauthorized area");
});
