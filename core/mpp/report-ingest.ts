// Parsing a 1,100-parameter report takes a millisecond or two of CPU, most of it in saxes: done in a worker
// thread, so profile requests and other reports keep being answered meanwhile (and a second core helps).
// Storing stays on the main thread, in one transaction per report.
import { WorkerPool, WorkerTaskError } from "../../lib/worker-pool.ts";
import type { App } from "../app.ts";
import { ReportError, type StorableReport } from "./report-parse.ts";

export interface ReportInput {
  body: string;
  contentType: string;
  urlMac: string | undefined;
  uaMac: string | undefined;
}

const pools = new WeakMap<App, WorkerPool<ReportInput, StorableReport>>();

/** parseReport, off the event loop. Throws ReportError for a report that cannot be accepted. */
export async function parseReportInWorker(app: App, input: ReportInput): Promise<StorableReport> {
  let pool = pools.get(app);
  if (!pool) {
    const created = (pool = new WorkerPool<ReportInput, StorableReport>(new URL("./report-worker.ts", import.meta.url)));
    pools.set(app, created);
    app.onClose.push(() => created.close());
  }
  try {
    return await pool.run(input);
  } catch (err) {
    if (err instanceof WorkerTaskError && err.errorName === ReportError.name) throw new ReportError(err.message);
    throw err;
  }
}
