// Worker-thread entry: parses phone reports off the event loop (see core/mpp/report-ingest.ts).
import { serveWorkerTasks } from "../../lib/worker-pool.ts";
import { parseReport, storable, type StorableReport } from "./report-parse.ts";
import type { ReportInput } from "./report-ingest.ts";

// Serialized here: one string crosses back to the main thread instead of an object of 1,100 properties.
serveWorkerTasks((i: ReportInput): StorableReport => storable(parseReport(i.body, i.contentType, i.urlMac, i.uaMac)));
