// An account's contacts as FlexiAPI 1.3.10's ApiAccountContactsTest asserts them (its vCard part is in
// vcard.test.ts), each case on its own: admins attach contacts (403 twice, 403 removing a non-contact), the
// account sees them under /api/accounts/me/contacts.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { seedAdmin, seedCaller, SETTINGS, type Caller } from "./callers.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer({ "switchboard.yml": SETTINGS });
});
after(() => server.close());

const contactCount = (accountId: number) => server.app.db.prepare("SELECT count(*) FROM account_contacts WHERE account_id = ?").pluck().get(accountId) as number;

/** An admin, and account 1 with accounts 2 and 3 as contacts. */
async function accountWithContacts() {
  const admin = seedAdmin(server);
  const [one, two, three] = [seedCaller(server), seedCaller(server), seedCaller(server)];
  const added = [
    await admin.as("POST", `/api/accounts/${one.account.id}/contacts/${two.account.id}`),
    await admin.as("POST", `/api/accounts/${one.account.id}/contacts/${three.account.id}`),
  ];
  return { admin, one, two, three, added };
}

const usernames = (list: { username: string }[]) => list.map((c) => c.username);

test("an admin makes accounts contacts of an account: 200 each", async () => {
  const { one, added } = await accountWithContacts();
  assert.deepEqual(added.map((r) => r.status), [200, 200]);
  assert.equal(contactCount(one.account.id), 2);
});

test("adding a contact the account has already is 403 and stores nothing", async () => {
  const { admin, one, two } = await accountWithContacts();
  const res = await admin.as("POST", `/api/accounts/${one.account.id}/contacts/${two.account.id}`);
  assert.equal(res.status, 403);
  assert.equal(contactCount(one.account.id), 2);
});

test("the admin lists an account's contacts as account JSON", async () => {
  const { admin, one, two, three } = await accountWithContacts();
  const res = await admin.as("GET", `/api/accounts/${one.account.id}/contacts`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.json().map((c: { id: number }) => c.id), [two.account.id, three.account.id]);
  assert.equal(res.json()[0].username, two.account.username);
  assert.equal(res.json()[0].activated, true);
});

test("the admin shows one contact of an account; an account that is no contact is 404", async () => {
  const { admin, one, two } = await accountWithContacts();
  const res = await admin.as("GET", `/api/accounts/${one.account.id}/contacts/${two.account.id}`);
  assert.equal(res.status, 200);
  assert.equal(res.json().id, two.account.id);
  assert.equal((await admin.as("GET", `/api/accounts/${two.account.id}/contacts/${one.account.id}`)).status, 404);
});

test("GET /api/accounts/me/contacts: the account's contacts with username and activated", async () => {
  const { one, two, three } = await accountWithContacts();
  const res = await one.as("GET", "/api/accounts/me/contacts");
  assert.equal(res.status, 200);
  assert.deepEqual(usernames(res.json()), [two.account.username, three.account.username]);
  assert.equal(res.json()[0].activated, true);
});

test("an account sees only FlexiAPI's selected fields of its contacts (with types and actions), no tokens or dictionary", async () => {
  const { one } = await accountWithContacts();
  const [contact] = (await one.as("GET", "/api/accounts/me/contacts")).json();
  assert.deepEqual(Object.keys(contact).sort(), ["actions", "activated", "display_name", "domain", "dtmf_protocol", "id", "types", "username"]);
});

test("GET /api/accounts/me/contacts/{sip}: one contact by its SIP address", async () => {
  const { one, two } = await accountWithContacts();
  const res = await one.as("GET", `/api/accounts/me/contacts/${two.sip}`);
  assert.equal(res.status, 200);
  assert.equal(res.json().username, two.account.username);
  assert.equal(res.json().activated, true);
});

test("a SIP address that is not one of the account's contacts is 404", async () => {
  const { one, two } = await accountWithContacts();
  const stranger: Caller = seedCaller(server);
  assert.equal((await one.as("GET", `/api/accounts/me/contacts/${stranger.sip}`)).status, 404);
  assert.equal((await two.as("GET", `/api/accounts/me/contacts/${one.sip}`)).status, 404, "contacts are not mutual");
  assert.equal((await one.as("GET", `/api/accounts/me/contacts/${two.account.username}`)).status, 404, "no domain, no match");
});

test("removing a contact: 200, then 403 once it is no longer one", async () => {
  const { admin, one, two } = await accountWithContacts();
  assert.equal((await admin.as("DELETE", `/api/accounts/${one.account.id}/contacts/${two.account.id}`)).status, 200);
  assert.equal(contactCount(one.account.id), 1);
  assert.equal((await admin.as("DELETE", `/api/accounts/${one.account.id}/contacts/${two.account.id}`)).status, 403);
  assert.equal(contactCount(one.account.id), 1);
});

test("an unknown account or contact is 404", async () => {
  const { admin, one } = await accountWithContacts();
  assert.equal((await admin.as("POST", `/api/accounts/${one.account.id}/contacts/999999`)).status, 404);
  assert.equal((await admin.as("POST", `/api/accounts/999999/contacts/${one.account.id}`)).status, 404);
  assert.equal((await admin.as("GET", "/api/accounts/999999/contacts")).status, 404);
});

test("a deleted account is no longer anyone's contact", async () => {
  const { admin, one, two, three } = await accountWithContacts();
  assert.equal((await admin.as("DELETE", `/api/accounts/${two.account.id}`)).status, 200);
  assert.deepEqual(usernames((await one.as("GET", "/api/accounts/me/contacts")).json()), [three.account.username]);
});

test("managing contacts is for admins; /me/contacts needs a signed-in account", async () => {
  const { one, two } = await accountWithContacts();
  assert.equal((await one.as("POST", `/api/accounts/${one.account.id}/contacts/${two.account.id}`)).status, 403);
  const anonymous = await fetch(`${server.url}/api/accounts/me/contacts`, { headers: { Accept: "application/json" } });
  assert.equal(anonymous.status, 422, "no From header: FlexiAPI's Digest answer");
});
