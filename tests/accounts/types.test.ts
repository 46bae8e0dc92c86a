// Account types as FlexiAPI 1.3.10's ApiAccountTypeTest asserts them (testCreate, testDelete, testUpdate,
// testAccountAddType), each case on its own, with unique keys so that no test depends on another's types.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { errorFields, seedAdmin, seedCaller, SETTINGS, unique } from "./callers.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer({ "switchboard.yml": SETTINGS });
});
after(() => server.close());

const typeCount = () => server.app.db.prepare("SELECT count(*) FROM account_types").pluck().get() as number;
const attachedCount = (accountId: number) =>
  server.app.db.prepare("SELECT count(*) FROM account_account_type WHERE account_id = ?").pluck().get(accountId) as number;

test("an admin creates an account type: 201 with its id and key", async () => {
  const before = typeCount();
  const key = unique("phone");
  const res = await seedAdmin(server).as("POST", "/api/account_types", { key });
  assert.equal(res.status, 201, res.body);
  assert.deepEqual(Object.keys(res.json()).sort(), ["id", "key"]);
  assert.equal(res.json().key, key);
  assert.equal(typeof res.json().id, "number");
  assert.equal(typeCount(), before + 1);
});

test("a key another type has is 422 with errors.key", async () => {
  const admin = seedAdmin(server);
  const key = unique("phone");
  assert.equal((await admin.as("POST", "/api/account_types", { key })).status, 201);
  const before = typeCount();
  const res = await admin.as("POST", "/api/account_types", { key });
  assert.equal(res.status, 422);
  assert.deepEqual(errorFields(res), ["key"]);
  assert.deepEqual(res.json().errors.key, ["The key has already been taken."]);
  assert.equal(typeCount(), before);
});

test("a type without a key is 422", async () => {
  const res = await seedAdmin(server).as("POST", "/api/account_types", {});
  assert.equal(res.status, 422);
  assert.deepEqual(res.json().errors, { key: ["The key field is required."] });
});

test("a key with upper-case letters is 422", async () => {
  const res = await seedAdmin(server).as("POST", "/api/account_types", { key: "Abc1234" });
  assert.equal(res.status, 422);
  assert.deepEqual(res.json().errors, { key: ["No uppercase letters are allowed."] });
});

test("a key is letters, digits, dashes and underscores of any script (Laravel's alpha_dash), nothing else", async () => {
  const admin = seedAdmin(server);
  for (const key of ["door opener", "door.opener", "door/1", "døør;"]) {
    const res = await admin.as("POST", "/api/account_types", { key });
    assert.equal(res.status, 422, key);
    assert.deepEqual(errorFields(res), ["key"], key);
  }
  for (const key of [unique("front-door_"), unique("tür-")]) assert.equal((await admin.as("POST", "/api/account_types", { key })).status, 201, key);
});

test("GET /api/account_types lists the types with their id and key", async () => {
  const admin = seedAdmin(server);
  const key = unique("phone");
  const created = (await admin.as("POST", "/api/account_types", { key })).json();
  const res = await admin.as("GET", "/api/account_types");
  assert.equal(res.status, 200);
  assert.deepEqual(res.json().find((t: { key: string }) => t.key === key), { id: created.id, key });
});

test("GET /api/account_types/{id} shows one type; an unknown id is 404", async () => {
  const admin = seedAdmin(server);
  const created = (await admin.as("POST", "/api/account_types", { key: unique("phone") })).json();
  const res = await admin.as("GET", `/api/account_types/${created.id}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), created);
  assert.equal((await admin.as("GET", "/api/account_types/999999")).status, 404);
  assert.equal((await admin.as("GET", "/api/account_types/abc")).status, 404);
});

test("deleting a type: 200 and it is gone", async () => {
  const admin = seedAdmin(server);
  const created = (await admin.as("POST", "/api/account_types", { key: unique("phone") })).json();
  const before = typeCount();
  const res = await admin.as("DELETE", `/api/account_types/${created.id}`);
  assert.equal(res.status, 200);
  assert.equal(typeCount(), before - 1);
  assert.equal((await admin.as("DELETE", `/api/account_types/${created.id}`)).status, 404);
});

test("a deleted type is taken off the accounts that had it", async () => {
  const admin = seedAdmin(server);
  const account = seedCaller(server).account;
  const created = (await admin.as("POST", "/api/account_types", { key: unique("phone") })).json();
  assert.equal((await admin.as("POST", `/api/accounts/${account.id}/types/${created.id}`)).status, 200);
  await admin.as("DELETE", `/api/account_types/${created.id}`);
  assert.deepEqual((await admin.as("GET", `/api/accounts/${account.id}`)).json().types, []);
});

test("renaming a type with PUT: 200 and the list shows the new key", async () => {
  const admin = seedAdmin(server);
  const created = (await admin.as("POST", "/api/account_types", { key: unique("phone") })).json();
  const door = unique("door");
  const res = await admin.as("PUT", `/api/account_types/${created.id}`, { key: door });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), { id: created.id, key: door });
  assert.ok((await admin.as("GET", "/api/account_types")).json().some((t: { key: string }) => t.key === door));
});

test("renaming a type follows the rules of a new key: required, lower-case, not another type's", async () => {
  const admin = seedAdmin(server);
  const taken = (await admin.as("POST", "/api/account_types", { key: unique("phone") })).json();
  const created = (await admin.as("POST", "/api/account_types", { key: unique("phone") })).json();
  for (const body of [{}, { key: "Door" }, { key: taken.key }]) {
    const res = await admin.as("PUT", `/api/account_types/${created.id}`, body);
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.deepEqual(errorFields(res), ["key"]);
  }
  assert.equal((await admin.as("PUT", `/api/account_types/${created.id}`, { key: created.key })).status, 200, "its own key is no clash");
});

test("a type is given to an account once: 200, then 403, and the account's JSON lists it", async () => {
  const admin = seedAdmin(server);
  const account = seedCaller(server).account;
  const type = (await admin.as("POST", "/api/account_types", { key: unique("phone") })).json();
  assert.equal((await admin.as("POST", `/api/accounts/${account.id}/types/${type.id}`)).status, 200);
  assert.equal((await admin.as("POST", `/api/accounts/${account.id}/types/${type.id}`)).status, 403);
  assert.equal(attachedCount(account.id), 1);
  assert.deepEqual((await admin.as("GET", `/api/accounts/${account.id}`)).json().types, [{ id: type.id, key: type.key }]);
});

test("taking a type off an account: 200, then 403 once the account no longer has it", async () => {
  const admin = seedAdmin(server);
  const account = seedCaller(server).account;
  const type = (await admin.as("POST", "/api/account_types", { key: unique("phone") })).json();
  await admin.as("POST", `/api/accounts/${account.id}/types/${type.id}`);
  assert.equal((await admin.as("DELETE", `/api/accounts/${account.id}/types/${type.id}`)).status, 200);
  assert.equal(attachedCount(account.id), 0);
  assert.equal((await admin.as("DELETE", `/api/accounts/${account.id}/types/${type.id}`)).status, 403);
  assert.equal(attachedCount(account.id), 0);
});

test("giving a type to an unknown account, or an unknown type, is 404", async () => {
  const admin = seedAdmin(server);
  const account = seedCaller(server).account;
  const type = (await admin.as("POST", "/api/account_types", { key: unique("phone") })).json();
  assert.equal((await admin.as("POST", `/api/accounts/999999/types/${type.id}`)).status, 404);
  assert.equal((await admin.as("POST", `/api/accounts/${account.id}/types/999999`)).status, 404);
});

test("account types are for admins: a signed-in user gets 403 Unauthorized area", async () => {
  const res = await seedCaller(server).as("POST", "/api/account_types", { key: unique("phone") });
  assert.equal(res.status, 403);
  assert.equal(res.json().message, "Unauthorized area");
  assert.equal((await seedCaller(server).as("GET", "/api/account_types")).status, 403);
});
