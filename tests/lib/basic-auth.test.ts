import assert from "node:assert/strict";
import { test } from "node:test";
import { FailureLimiter, hashPassword, isPasswordHash, parseBasicAuth, safeEqual, verifyPassword } from "../../lib/basic-auth.ts";

test("Basic credentials parse, passwords may contain colons", () => {
  const h = "Basic " + Buffer.from("admin:pa:ss wörd").toString("base64");
  assert.deepEqual(parseBasicAuth(h), { username: "admin", password: "pa:ss wörd" });
  assert.equal(parseBasicAuth("Bearer abc"), undefined);
  assert.equal(parseBasicAuth("Basic " + Buffer.from("nocolon").toString("base64")), undefined);
  assert.equal(parseBasicAuth(undefined), undefined);
});

test("scrypt hashes verify the right password only and never contain it", async () => {
  const stored = hashPassword("correct horse");
  assert.ok(isPasswordHash(stored));
  assert.ok(!stored.includes("correct horse"));
  assert.ok(await verifyPassword("correct horse", stored));
  assert.ok(!(await verifyPassword("correct hors", stored)));
  assert.notEqual(hashPassword("correct horse"), stored, "salted");
});

test("plaintext passwords still work for compatibility", async () => {
  assert.ok(await verifyPassword("admin123", "admin123"));
  assert.ok(!(await verifyPassword("admin1234", "admin123")));
  assert.ok(safeEqual("", ""));
  assert.ok(!safeEqual("a", "b"));
});

test("more than the allowed failures in the window block the key for the block time", () => {
  const limiter = new FailureLimiter(3, 60_000, 60_000);
  const t0 = 1_000_000;
  for (let i = 0; i < 3; i++) limiter.recordFailure("10.0.0.1", t0 + i);
  assert.ok(!limiter.isBlocked("10.0.0.1", t0 + 10), "three failures are allowed");
  limiter.recordFailure("10.0.0.1", t0 + 11);
  assert.ok(limiter.isBlocked("10.0.0.1", t0 + 12));
  assert.ok(!limiter.isBlocked("10.0.0.2", t0 + 12), "other addresses are not affected");
  assert.ok(!limiter.isBlocked("10.0.0.1", t0 + 11 + 60_001), "the block ends");
});

test("failures outside the window do not count; a success resets", () => {
  const limiter = new FailureLimiter(2, 1_000, 5_000);
  limiter.recordFailure("a", 0);
  limiter.recordFailure("a", 10);
  limiter.recordFailure("a", 2_000);
  assert.ok(!limiter.isBlocked("a", 2_001));
  limiter.recordFailure("b", 0);
  limiter.recordFailure("b", 1);
  limiter.reset("b");
  limiter.recordFailure("b", 2);
  assert.ok(!limiter.isBlocked("b", 3));
});

test("scrypt verification leaves the event loop free while it runs", async () => {
  const stored = hashPassword("correct horse");
  // Each check costs ~35 ms of CPU; done on the event loop, starting four would hold it for over 100 ms every
  // time. The best of three tries is taken, so a busy machine pausing this process once does not decide it.
  const held: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const checks = Array.from({ length: 4 }, () => verifyPassword("correct horse", stored));
    held.push(performance.now() - started);
    assert.deepEqual(await Promise.all(checks), [true, true, true, true]);
  }
  assert.ok(Math.min(...held) < 30, `starting four checks held the event loop for ${held.map((ms) => ms.toFixed(1)).join(", ")} ms`);
});
