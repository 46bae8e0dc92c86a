// Reading a 10 MB upload (JSON.parse, checking every contact, normalizing its numbers) takes a few hundred
// milliseconds of CPU: done in a worker thread, so other requests keep being answered meanwhile (and a second core
// helps), as phone reports are. Small uploads — the usual re-sync of a few changed contacts — are read in place,
// where a round trip to the worker would cost more than the work. Storing stays on the main thread, in one
// transaction per upload.
import { WorkerPool } from "../../lib/worker-pool.ts";
import type { DialPlan } from "../contacts/normalize.ts";
import { batchOf, readContactBatch, type BatchOutcome, type ContactBatch } from "./contact-batch.ts";

/** Below this many bytes a batch is read on the main thread (~1 ms of work). */
const IN_PLACE_BYTES = 128 * 1024;

export interface BatchInput {
  body: Uint8Array;
  plan: DialPlan;
}

export interface ContactBatchParser {
  /** The upload's batch; Malformed when it is not JSON, Invalid (every problem named) when a contact is wrong. */
  parse(body: Buffer, plan: DialPlan): Promise<ContactBatch>;
  close(): Promise<void>;
}

export function createContactBatchParser(): ContactBatchParser {
  const pool = new WorkerPool<BatchInput, BatchOutcome>(new URL("./contact-batch-worker.ts", import.meta.url));
  return {
    async parse(body, plan) {
      return batchOf(body.length < IN_PLACE_BYTES ? readContactBatch(body, plan) : await pool.run({ body, plan }));
    },
    close: () => pool.close(),
  };
}
