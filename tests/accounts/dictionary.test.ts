// An account's dictionary as FlexiAPI 1.5.0's ApiAccountDictionaryTest asserts it (testCreate), each case on its
// own: POST {value} → 201, the dictionary and the account's JSON show the entries, one entry is {value}.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { seedAdmin, seedCaller, SETTINGS } from "./callers.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer({ "switchboard.yml": SETTINGS });
});
after(() => server.close());

/** An admin and an account whose dictionary holds foo → bar. */
async function accountWithEntry() {
  const admin = seedAdmin(server);
  const account = seedCaller(server).account;
  const set = await admin.as("POST", `/api/accounts/${account.id}/dictionary/foo`, { value: "bar" });
  const path = `/api/accounts/${account.id}/dictionary`;
  return { admin, account, set, path };
}

test("an admin sets a dictionary entry: 201 with {value}", async () => {
  const { set } = await accountWithEntry();
  assert.equal(set.status, 201, set.body);
  assert.deepEqual(set.json(), { value: "bar" });
});

test("GET /api/accounts/{id}/dictionary lists the entries as {key: value}", async () => {
  const { admin, path } = await accountWithEntry();
  const res = await admin.as("GET", path);
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), { foo: "bar" });
});

test("the account's JSON shows its dictionary", async () => {
  const { admin, account } = await accountWithEntry();
  const res = await admin.as("GET", `/api/accounts/${account.id}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.json().dictionary, { foo: "bar" });
});

test("GET /api/accounts/{id}/dictionary/{key} is {value}", async () => {
  const { admin, path } = await accountWithEntry();
  const res = await admin.as("GET", `${path}/foo`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), { value: "bar" });
});

test("setting an entry again changes its value: 201", async () => {
  const { admin, path } = await accountWithEntry();
  const res = await admin.as("POST", `${path}/foo`, { value: "yop" });
  assert.equal(res.status, 201);
  assert.deepEqual((await admin.as("GET", path)).json(), { foo: "yop" });
});

test("a second key is kept beside the first", async () => {
  const { admin, path } = await accountWithEntry();
  await admin.as("POST", `${path}/foo`, { value: "yop" });
  assert.equal((await admin.as("POST", `${path}/waza`, { value: "yop" })).status, 201);
  assert.deepEqual((await admin.as("GET", path)).json(), { foo: "yop", waza: "yop" });
});

test("deleting an entry: 200 and only the other key is left", async () => {
  const { admin, path } = await accountWithEntry();
  await admin.as("POST", `${path}/waza`, { value: "yop" });
  assert.equal((await admin.as("DELETE", `${path}/foo`)).status, 200);
  assert.deepEqual((await admin.as("GET", path)).json(), { waza: "yop" });
  assert.equal((await admin.as("DELETE", `${path}/foo`)).status, 404);
});

test("an entry needs a value: 422 without one", async () => {
  const { admin, path } = await accountWithEntry();
  for (const body of [{}, { value: "" }, { value: null }, { value: ["a"] }]) {
    const res = await admin.as("POST", `${path}/other`, body);
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.deepEqual(Object.keys(res.json().errors), ["value"]);
  }
  assert.deepEqual((await admin.as("POST", `${path}/number`, { value: 42 })).json(), { value: "42" }, "a JSON number is its digits");
});

test("an empty dictionary is {}; an unknown key or account is 404", async () => {
  const admin = seedAdmin(server);
  const account = seedCaller(server).account;
  assert.equal((await admin.as("GET", `/api/accounts/${account.id}/dictionary`)).body, "{}");
  assert.equal((await admin.as("GET", `/api/accounts/${account.id}/dictionary/nope`)).status, 404);
  assert.equal((await admin.as("GET", "/api/accounts/999999/dictionary")).status, 404);
  assert.equal((await admin.as("POST", "/api/accounts/999999/dictionary/foo", { value: "bar" })).status, 404);
});

test("a key is any text of the URL path, percent-decoded", async () => {
  const { admin, path } = await accountWithEntry();
  assert.equal((await admin.as("POST", `${path}/${encodeURIComponent("ringtone volume/ü")}`, { value: "7" })).status, 201);
  assert.equal((await admin.as("GET", path)).json()["ringtone volume/ü"], "7");
});

test("the dictionary is for admins: a signed-in user gets 403 Unauthorized area", async () => {
  const { account } = await accountWithEntry();
  const res = await seedCaller(server).as("GET", `/api/accounts/${account.id}/dictionary`);
  assert.equal(res.status, 403);
});
