import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { backoffMs, ContactSyncScheduler, jittered, MAX_BACKOFF_MS } from "../../core/contacts/scheduler.ts";
import { getSourceByKey } from "../../db/contact-sources.ts";
import { connect, keyOf, startWithFakes, type Setup } from "./helpers.ts";

let s: Setup;
before(async () => {
  s = await startWithFakes();
});
after(() => s.close());

test("jitter stays within ±10 % and backoff doubles up to two hours", () => {
  assert.equal(jittered(60_000, () => 0), 54_000);
  assert.equal(jittered(60_000, () => 1), 66_000);
  const mid = () => 0.5;
  assert.deepEqual([1, 2, 3, 4].map((n) => backoffMs(n, mid)), [60_000, 120_000, 240_000, 480_000]);
  assert.equal(backoffMs(30, mid), MAX_BACKOFF_MS);
});

test("a source is synced when due, then after the interval; errors back off; needs-reconnect waits", async () => {
  s.sipgate.contacts = [{ id: "1", name: "A" }];
  const key = keyOf(await connect(s.server, s.sipgate, "provider=sipgate"));
  const id = getSourceByKey(s.server.app.db, key)!.id;
  const sched = new ContactSyncScheduler(s.server.app.contactSync, s.server.app.store, { random: () => 0.5 });
  const now = Date.now();
  const requests = () => s.sipgate.oauth.apiRequests;

  let before = requests();
  await sched.tick(now);
  assert.equal(requests(), before, "just synced at connect: not due yet");
  const due = sched.nextSyncAt(id)!;
  assert.ok(Math.abs(due - (now + 15 * 60_000)) < 5_000, "next sync one interval after the last");

  s.sipgate.contacts.push({ id: "2", name: "B" });
  before = requests();
  await sched.tick(due + 1);
  assert.ok(requests() > before);
  assert.equal(getSourceByKey(s.server.app.db, key)!.contact_count, 2);
  assert.equal(sched.nextSyncAt(id), due + 1 + 15 * 60_000);

  s.sipgate.oauth.failApi = 1000;
  const t = due + 1 + 15 * 60_000;
  await sched.tick(t);
  assert.equal(sched.nextSyncAt(id), t + 60_000, "first retry after a minute");
  await sched.tick(t + 60_000);
  assert.equal(sched.nextSyncAt(id), t + 60_000 + 120_000, "then two");
  s.sipgate.oauth.failApi = 0;
  assert.equal(getSourceByKey(s.server.app.db, key)!.contact_count, 2, "contacts kept through the outage");

  s.sipgate.oauth.revokeAll();
  await sched.tick(t + 180_000);
  assert.equal(getSourceByKey(s.server.app.db, key)!.status, "needs_reconnect");
  before = requests();
  await sched.tick(t + 100 * 3_600_000);
  assert.equal(requests(), before, "a source that needs a reconnect is left alone");
  await sched.stop();
});

test("a tick during a tick waits for the first; stop waits for a running sync", async () => {
  const sched = new ContactSyncScheduler(s.server.app.contactSync, s.server.app.store);
  const a = sched.tick(Date.now() + 10 * 86_400_000);
  const b = sched.tick(Date.now() + 10 * 86_400_000);
  assert.equal(a, b);
  sched.start();
  await sched.stop();
  await a;
});

test("the server starts the scheduler only when asked, and stops it on close", async () => {
  const { startTestServer } = await import("../helpers/server.ts");
  const server = await startTestServer({}, { contactSync: true });
  assert.equal(server.app.scheduler.started, true);
  await server.close();
  assert.equal(server.app.scheduler.started, false, "closing the server stops the schedule");
  assert.equal(s.server.app.scheduler.started, false, "tests do not sync on schedule unless they ask");
});
