import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";
import { backoffMs, ContactSyncScheduler, jittered, MAX_BACKOFF_MS } from "../../core/contacts/scheduler.ts";
import { getSourceByKey } from "../../db/contact-sources.ts";
import type { SipgateContact } from "../../core/contacts/providers/sipgate.ts";
import { startTestServer } from "../helpers/server.ts";
import { connect, keyOf, startWithFakesFor, type Setup } from "./helpers.ts";

const INTERVAL = 15 * 60_000; // contacts.sync_interval_minutes of the test config

/** A Switchboard and fakes of the test's own with one connected sipgate source, and a scheduler (jitter fixed at 0). */
async function scheduled(t: TestContext, contacts: SipgateContact[] = [{ id: "1", name: "A" }]) {
  const s: Setup = await startWithFakesFor(t);
  s.sipgate.contacts = contacts;
  const key = keyOf(await connect(s.server, s.sipgate, "provider=sipgate"));
  const id = getSourceByKey(s.server.app.db, key)!.id;
  const sched = new ContactSyncScheduler(s.server.app.contactSync, s.server.app.store, { random: () => 0.5 });
  t.after(() => sched.stop());
  return { s, key, id, sched, source: () => getSourceByKey(s.server.app.db, key)!, requests: () => s.sipgate.oauth.apiRequests };
}

test("jitter stays within ±10 % and backoff doubles up to two hours", () => {
  assert.equal(jittered(60_000, () => 0), 54_000);
  assert.equal(jittered(60_000, () => 1), 66_000);
  const mid = () => 0.5;
  assert.deepEqual([1, 2, 3, 4].map((n) => backoffMs(n, mid)), [60_000, 120_000, 240_000, 480_000]);
  assert.equal(backoffMs(30, mid), MAX_BACKOFF_MS);
});

test("a source synced at connect is not due until one interval after that sync", async (t) => {
  const { id, sched, requests } = await scheduled(t);
  const now = Date.now();
  const before = requests();
  await sched.tick(now);
  assert.equal(requests(), before, "just synced at connect: not due yet");
  const due = sched.nextSyncAt(id)!;
  assert.ok(Math.abs(due - (now + INTERVAL)) < 5_000, "next sync one interval after the last");
});

test("a due source is synced, and its next sync is one interval after that", async (t) => {
  const { s, id, sched, source, requests } = await scheduled(t);
  await sched.tick(Date.now());
  const due = sched.nextSyncAt(id)!;
  s.sipgate.contacts.push({ id: "2", name: "B" });
  const before = requests();
  await sched.tick(due + 1);
  assert.ok(requests() > before);
  assert.equal(source().contact_count, 2);
  assert.equal(sched.nextSyncAt(id), due + 1 + INTERVAL);
});

test("a failing source is retried after a minute, then after two, and keeps its contacts", async (t) => {
  const { s, id, sched, source } = await scheduled(t, [{ id: "1", name: "A" }, { id: "2", name: "B" }]);
  await sched.tick(Date.now());
  const due = sched.nextSyncAt(id)!;
  s.sipgate.oauth.failApi = 1000;
  await sched.tick(due);
  assert.equal(sched.nextSyncAt(id), due + 60_000, "first retry after a minute");
  await sched.tick(due + 60_000);
  assert.equal(sched.nextSyncAt(id), due + 60_000 + 120_000, "then two");
  assert.equal(source().status, "error");
  assert.equal(source().contact_count, 2, "contacts kept through the outage");
});

test("a source that needs a reconnect is left alone", async (t) => {
  const { s, id, sched, source, requests } = await scheduled(t);
  await sched.tick(Date.now());
  const due = sched.nextSyncAt(id)!;
  s.sipgate.oauth.revokeAll();
  await sched.tick(due);
  assert.equal(source().status, "needs_reconnect");
  const before = requests();
  await sched.tick(due + 100 * 3_600_000);
  assert.equal(requests(), before, "a source that needs a reconnect is left alone");
});

test("a tick while a tick runs joins it", async (t) => {
  const { sched } = await scheduled(t);
  const a = sched.tick(Date.now() + 10 * 86_400_000);
  const b = sched.tick(Date.now() + 10 * 86_400_000);
  assert.equal(a, b);
  await a;
});

test("stop waits for the running sync, whose result is stored", async (t) => {
  const { s, sched, source } = await scheduled(t);
  const lastSync = source().last_sync_at;
  s.sipgate.oauth.apiDelayMs = 300; // the sync is still waiting for sipgate when stop is called
  s.sipgate.contacts.push({ id: "2", name: "B" });
  sched.start();
  const running = sched.tick(Date.now() + 10 * 86_400_000);
  await sched.stop();
  assert.equal(sched.started, false);
  assert.notEqual(source().last_sync_at, lastSync, "the sync ended before stop returned");
  assert.equal(source().contact_count, 2);
  await running;
});

test("the server starts the scheduler only when asked, and stops it on close", async (t) => {
  const server = await startTestServer({}, { contactSync: true });
  assert.equal(server.app.scheduler.started, true);
  await server.close();
  assert.equal(server.app.scheduler.started, false, "closing the server stops the schedule");
  const plain = await startTestServer();
  t.after(() => plain.close());
  assert.equal(plain.app.scheduler.started, false, "tests do not sync on schedule unless they ask");
});
