// DTMF actions as FlexiAPI 1.3.10's ApiAccountActionTest asserts them (testCreate, testDelete, testUpdate), each
// case on its own: 201 on creation, key and code validated, 403 for an account without a DTMF protocol.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { updateAccount } from "../../db/accounts.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { errorFields, seedAdmin, seedCaller, SETTINGS } from "./callers.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer({ "switchboard.yml": SETTINGS });
});
after(() => server.close());

const actionCount = (accountId: number) => server.app.db.prepare("SELECT count(*) FROM account_actions WHERE account_id = ?").pluck().get(accountId) as number;

/** An admin and an account with a DTMF protocol that has one action {key: "123", code: "123"}. */
async function accountWithAction() {
  const admin = seedAdmin(server);
  const account = seedCaller(server).account;
  const created = await admin.as("POST", `/api/accounts/${account.id}/actions`, { key: "123", code: "123" });
  return { admin, account, created };
}

test("an admin adds an action to an account with a DTMF protocol: 201 with its id, key and code", async () => {
  const { account, created } = await accountWithAction();
  assert.equal(created.status, 201, created.body);
  assert.deepEqual(Object.keys(created.json()).sort(), ["code", "id", "key"]);
  const { id, key, code } = created.json();
  assert.equal(typeof id, "number");
  assert.deepEqual({ key, code }, { key: "123", code: "123" });
  assert.equal(actionCount(account.id), 1);
});

test("an action without a key is 422", async () => {
  const { admin, account } = await accountWithAction();
  const res = await admin.as("POST", `/api/accounts/${account.id}/actions`, { code: "123" });
  assert.equal(res.status, 422);
  assert.deepEqual(res.json().errors, { key: ["The key field is required."] });
  assert.equal(actionCount(account.id), 1);
});

test("an action key with upper-case letters is 422", async () => {
  const { admin, account } = await accountWithAction();
  const res = await admin.as("POST", `/api/accounts/${account.id}/actions`, { key: "Abc1234", code: "123" });
  assert.equal(res.status, 422);
  assert.deepEqual(res.json().errors, { key: ["No uppercase letters are allowed."] });
});

test("an action code is lower-case letters and digits only (alpha_num), and required", async () => {
  const { admin, account } = await accountWithAction();
  for (const code of ["12-3", "12 3", "#1", "ABC", undefined]) {
    const res = await admin.as("POST", `/api/accounts/${account.id}/actions`, { key: "open", code });
    assert.equal(res.status, 422, String(code));
    assert.deepEqual(errorFields(res), ["code"], String(code));
  }
  assert.equal((await admin.as("POST", `/api/accounts/${account.id}/actions`, { key: "open-door_1", code: 1234 })).json().code, "1234", "a JSON number is its digits");
});

test("GET /api/accounts/{id}/actions lists the account's actions", async () => {
  const { admin, account } = await accountWithAction();
  const res = await admin.as("GET", `/api/accounts/${account.id}/actions`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.json().map((a: { key: string; code: string }) => [a.key, a.code]), [["123", "123"]]);
});

test("an account without a DTMF protocol: adding and listing actions are 403, its JSON shows no actions", async () => {
  const { admin, account } = await accountWithAction();
  updateAccount(server.app.db, account, { dtmf_protocol: null });
  const add = await admin.as("POST", `/api/accounts/${account.id}/actions`, { key: "abc1234", code: "123" });
  assert.equal(add.status, 403);
  assert.equal(add.json().message, "DTMF Protocol must be configured");
  assert.equal((await admin.as("GET", `/api/accounts/${account.id}/actions`)).status, 403);
  const shown = await admin.as("GET", `/api/accounts/${account.id}`);
  assert.equal(shown.status, 200);
  assert.deepEqual(shown.json().actions, []);
});

test("GET /api/accounts/{id}/actions/{action_id} shows one action; another account's or an unknown one is 404", async () => {
  const { admin, account, created } = await accountWithAction();
  const res = await admin.as("GET", `/api/accounts/${account.id}/actions/${created.json().id}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), created.json());
  const other = seedCaller(server).account;
  assert.equal((await admin.as("GET", `/api/accounts/${other.id}/actions/${created.json().id}`)).status, 404);
  assert.equal((await admin.as("GET", `/api/accounts/${account.id}/actions/999999`)).status, 404);
  assert.equal((await admin.as("GET", "/api/accounts/999999/actions")).status, 404);
});

test("deleting an action: 200 and it is gone", async () => {
  const { admin, account, created } = await accountWithAction();
  const res = await admin.as("DELETE", `/api/accounts/${account.id}/actions/${created.json().id}`);
  assert.equal(res.status, 200);
  assert.equal(actionCount(account.id), 0);
  assert.equal((await admin.as("DELETE", `/api/accounts/${account.id}/actions/${created.json().id}`)).status, 404);
});

test("changing an action with PUT: 200 and the list shows the new code", async () => {
  const { admin, account, created } = await accountWithAction();
  const res = await admin.as("PUT", `/api/accounts/${account.id}/actions/${created.json().id}`, { key: "123", code: "abc" });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), { id: created.json().id, key: "123", code: "abc" });
  assert.equal((await admin.as("GET", `/api/accounts/${account.id}/actions`)).json()[0].code, "abc");
});

test("a PUT follows the rules of a new action: key and code required and valid", async () => {
  const { admin, account, created } = await accountWithAction();
  const res = await admin.as("PUT", `/api/accounts/${account.id}/actions/${created.json().id}`, { key: "Open" });
  assert.equal(res.status, 422);
  assert.deepEqual(errorFields(res).sort(), ["code", "key"]);
});

test("actions are for admins: a signed-in user gets 403 Unauthorized area", async () => {
  const { account } = await accountWithAction();
  const res = await seedCaller(server).as("GET", `/api/accounts/${account.id}/actions`);
  assert.equal(res.status, 403);
  assert.equal(res.json().message, "Unauthorized area");
});
