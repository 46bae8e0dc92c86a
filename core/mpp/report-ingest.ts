// Parsing a 1,100-parameter report takes about a millisecond of CPU (lib/xml-scanner.ts): done in a worker
// thread, so profile requests and other reports keep being answered meanwhile (and a second core helps).
// Storing stays on the main thread, in one transaction per report.
import { Malformed } from "../../lib/errors.ts";
import { movable, WorkerPool, WorkerTaskError } from "../../lib/worker-pool.ts";
import type { StorableReport } from "./report-parse.ts";

export interface ReportInput {
  /** The body as received: moved to the worker (the caller's Buffer is empty afterwards), parsed there. */
  body: Uint8Array;
  contentType: string;
  urlMac: string | undefined;
  uaMac: string | undefined;
}

export interface ReportParser {
  /** parseReport off the event loop; a report that cannot be read is Malformed. */
  parse(input: ReportInput): Promise<StorableReport>;
  close(): Promise<void>;
}

export function createReportParser(): ReportParser {
  const pool = new WorkerPool<ReportInput, StorableReport>(new URL("./report-worker.ts", import.meta.url));
  return {
    async parse(input) {
      try {
        return await pool.run(input, movable(input.body));
      } catch (err) {
        if (err instanceof WorkerTaskError && err.errorName === Malformed.name) throw new Malformed(err.message);
        throw err;
      }
    },
    close: () => pool.close(),
  };
}
