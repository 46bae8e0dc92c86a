// Worker-thread entry: parses phone reports off the event loop (see core/mpp/report-ingest.ts).
import { serveWorkerTasks } from "../../lib/worker-pool.ts";
import { parseReport, type ParsedReport } from "./report-parse.ts";
import type { ReportInput } from "./report-ingest.ts";

serveWorkerTasks((i: ReportInput): ParsedReport => parseReport(i.body, i.contentType, i.urlMac, i.uaMac));
