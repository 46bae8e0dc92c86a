// A database that stops taking writes: the disk is full (PRAGMA max_page_count at the file's size makes SQLite fail
// with SQLITE_FULL exactly as a full disk does) or it is read-only (PRAGMA query_only: SQLITE_READONLY, the code a
// read-only file or folder gives — chmod does not stop root, who runs the tests in CI). Writes answer 503 with a
// sentence and Retry-After, reads keep working, /health is degraded with 503 and says why.
import assert from "node:assert/strict";
import { after, before, test, type TestContext } from "node:test";
import { reportXml } from "../fakes/phone.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { SETTINGS, syncUser } from "../sync/helpers.ts";

const PHONES = `phones:\n  desk:\n    mac: "00:11:22:33:44:55"\n    Station_Name: desk\n`;

let server: TestServer;
before(async () => {
  server = await startTestServer({ "phones.yml": PHONES, "switchboard.yml": SETTINGS });
});
after(() => server.close());

/** A phone's full report: big enough that storing it needs new pages. */
const postReport = () => server.request("/report/001122334455", {
  method: "POST",
  headers: { "Content-Type": "text/xml" },
  body: reportXml(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`Param_${i}_`, `value ${i} `.repeat(4)]))),
});

/** No page beyond the file's present size: the next write that needs one fails as on a full disk. */
function fillDisk(t: TestContext): void {
  const db = server.app.db;
  const max = db.pragma("max_page_count", { simple: true });
  db.pragma(`max_page_count = ${db.pragma("page_count", { simple: true })}`);
  t.after(() => db.pragma(`max_page_count = ${max}`));
}

/** /health degraded with 503 naming the SQLite code, as long as the fault is recent. */
async function assertHealthDegraded(code: string): Promise<void> {
  const health = await server.get("/health");
  assert.equal(health.status, 503, "a load balancer takes the instance out");
  const body = JSON.parse(health.body);
  assert.equal(body.status, "degraded");
  assert.equal(body.database, "not writable");
  assert.equal(body.database_error.code, code);
  assert.ok(Date.parse(body.database_error.at));
}

test("a full disk: a report is refused with 503, a sentence and Retry-After; stored reports still read; /health degraded", async (t) => {
  const stored = await postReport();
  assert.equal(stored.status, 200);
  fillDisk(t);
  const refused = await postReport();
  assert.equal(refused.status, 503, "not a generic 500: the phone retries later");
  assert.match(JSON.parse(refused.body).error, /disk is full, so nothing was saved/);
  assert.equal(refused.headers.get("retry-after"), "60");
  const list = await server.get("/api/admin/reports");
  assert.equal(list.status, 200, "reads keep working");
  assert.ok(list.body.includes(`"id":${JSON.parse(stored.body).id}`), "the report stored before is listed");
  await assertHealthDegraded("SQLITE_FULL");
});

test("a read-only database: a contact upload is refused with 503 and nothing of it is stored; reading works; /health degraded", async (t) => {
  const { client } = await syncUser(server);
  assert.equal((await client.putDevice("d1")).status, 201);
  const first = await client.upload("d1", { upsert: [{ contactId: "c1", displayName: "Ada", contactEntries: [{ entryId: "e1", type: "tel", uri: "tel:+4930123" }] }] });
  assert.equal(first.status, 200);
  server.app.db.pragma("query_only = 1");
  t.after(() => server.app.db.pragma("query_only = 0"));
  const refused = await client.upload("d1", { upsert: [{ contactId: "c2", displayName: "Bob" }], delete: ["c1"] });
  assert.equal(refused.status, 503);
  assert.match(refused.json().error, /read-only at the moment, so nothing was saved/);
  assert.deepEqual(refused.headers.get("retry-after"), ["60"]);
  const contacts = await client.contacts("d1");
  assert.equal(contacts.status, 200, "reads keep working");
  assert.deepEqual(contacts.json().contacts.map((c: { contactId: string }) => c.contactId), ["c1"], "the refused batch changed nothing");
  await assertHealthDegraded("SQLITE_READONLY");
});

test("a full disk met only by the background writes (phone sightings) still makes /health degraded", async (t) => {
  const since = Date.now();
  const db = server.app.db;
  db.exec("CREATE TABLE test_filler (x)");
  t.after(() => db.exec("DROP TABLE test_filler"));
  fillDisk(t);
  // Whatever room the last pages have left is taken, so the sightings' next insert needs a page there is none of.
  const fill = db.prepare("INSERT INTO test_filler VALUES (randomblob(200))");
  assert.throws(() => { for (;;) fill.run(); }, { code: "SQLITE_FULL" });
  for (let i = 0; i < 50; i++) {
    const mac = `00aabbcc${String(i).padStart(4, "0")}`;
    await server.get(`/${mac}.xml`, { headers: { "User-Agent": `Cisco-CP-8851-3PCC/12.0.1 (${mac})` } });
  }
  server.app.sightings.flush();
  const health = JSON.parse((await server.get("/health")).body);
  assert.equal(health.database_error?.code, "SQLITE_FULL");
  assert.ok(Date.parse(health.database_error.at) >= since, "the sightings' failure, not an earlier one");
});
