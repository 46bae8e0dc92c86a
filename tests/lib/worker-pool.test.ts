import assert from "node:assert/strict";
import { test } from "node:test";
import { movable, WorkerPool, WorkerTaskError } from "../../lib/worker-pool.ts";

const entry = new URL("../fixtures/square-worker.ts", import.meta.url);

test("jobs run in TypeScript workers and come back in their own promises", async () => {
  const pool = new WorkerPool<number, number>(entry, 2);
  try {
    assert.deepEqual(await Promise.all([1, 2, 3, 4, 5].map((n) => pool.run(n))), [1, 4, 9, 16, 25]);
  } finally {
    await pool.close();
  }
});

test("an error thrown in the worker arrives with its class name and message", async () => {
  const pool = new WorkerPool<number, number>(entry, 1);
  try {
    await assert.rejects(pool.run(-2), (e: unknown) => e instanceof WorkerTaskError && e.errorName === "NegativeError" && e.message === "-2 is negative");
    assert.equal(await pool.run(3), 9, "the worker keeps serving after an intended error");
  } finally {
    await pool.close();
  }
});

test("a worker that dies fails its jobs, and the next job gets a fresh worker", async () => {
  const pool = new WorkerPool<number, number>(entry, 1);
  try {
    await assert.rejects(pool.run(Number.NaN), /exited with code 3/);
    assert.equal(await pool.run(4), 16);
  } finally {
    await pool.close();
  }
  await assert.rejects(pool.run(1), /closed/);
});

test("byte arrays are moved to the worker and back, not copied; a Buffer cut from Node's shared pool is copied", async () => {
  const pool = new WorkerPool<Uint8Array, Uint8Array>(new URL("../fixtures/bytes-worker.ts", import.meta.url), 1);
  try {
    const big = Buffer.alloc(100_000, 1);
    big[0] = 7;
    const answer = await pool.run(big, movable(big));
    assert.equal(big.byteLength, 0, "the sender's array was moved (detached), so no copy of it stayed behind");
    assert.equal(answer.byteLength, 100_000);
    assert.equal(answer[99_999], 7, "the worker's answer arrived, reversed");
    const small = Buffer.from("abc");
    assert.deepEqual(movable(small), [], "a pooled Buffer shares its memory with other Buffers: never moved");
    const echoed = await pool.run(small, movable(small));
    assert.equal(small.toString(), "abc", "copied: the sender's Buffer is intact");
    assert.equal(Buffer.from(echoed.buffer, echoed.byteOffset, echoed.byteLength).toString(), "cba");
  } finally {
    await pool.close();
  }
});
