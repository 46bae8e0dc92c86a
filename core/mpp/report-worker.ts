// Worker-thread entry: parses phone reports off the event loop (see core/mpp/report-ingest.ts).
import { serveWorkerTasks } from "../../lib/worker-pool.ts";
import { readReport, type StorableReport } from "./report-parse.ts";
import type { ReportInput } from "./report-ingest.ts";

// The answer's bytes (the body it came with, the parameters' JSON) move back to the main thread, not copied.
serveWorkerTasks(
  (i: ReportInput): StorableReport => readReport(i.body, i.contentType, i.urlMac, i.uaMac),
  (r) => [...new Set([r.xml.buffer, r.paramsJson.buffer])] as ArrayBuffer[],
);
