// Worker-thread entry: reads uploaded contact batches off the event loop (see core/sync/contact-batch-parser.ts).
import { serveWorkerTasks } from "../../lib/worker-pool.ts";
import type { BatchInput } from "./contact-batch-parser.ts";
import { readContactBatch, type BatchOutcome } from "./contact-batch.ts";

serveWorkerTasks((i: BatchInput): BatchOutcome => readContactBatch(i.body, i.plan));
