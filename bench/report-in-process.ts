// Report ingestion without HTTP: readReport + addReport called directly, as the route does, on a database of
// its own. Run by bench/report-ingestion.ts as a child with the server's node flags:
//   node --import tsx bench/report-in-process.ts <report.xml> <db path>   → prints an InProcessResult as JSON
import { readFileSync } from "node:fs";
import { readReport } from "../core/mpp/report-parse.ts";
import { openDatabase } from "../db/open.ts";
import { addReport } from "../db/reports.ts";

export interface InProcessResult {
  reports: number;
  /** Mean milliseconds per report. */
  parseMs: number;
  storeMs: number;
}

const WARMUP = 100;
const REPORTS = 500;
// Distinct phones, so retention prunes as for a real office.
const PHONES = 1000;
// As the server's default retention (reports.retention: 50): pruning runs as in production.
const KEEP = 50;

function measure(body: Buffer, dbPath: string): InProcessResult {
  const db = openDatabase(dbPath);
  try {
    let parseNs = 0n;
    let storeNs = 0n;
    const one = (i: number) => {
      const mac = (i % PHONES).toString(16).padStart(12, "0");
      const t0 = process.hrtime.bigint();
      const report = readReport(body, "application/x-www-form-urlencoded", mac, undefined);
      const t1 = process.hrtime.bigint();
      addReport(db, { mac, receivedAt: new Date().toISOString(), clientIp: "127.0.0.1", userAgent: "Cisco-CP-8851-3PCC/12.0.1", reportType: report.reportType, paramsJson: report.paramsJson, paramCount: report.paramCount, rawXml: report.xml }, KEEP);
      const t2 = process.hrtime.bigint();
      if (i >= WARMUP) {
        parseNs += t1 - t0;
        storeNs += t2 - t1;
      }
    };
    // The first reports warm up the JIT and SQLite's page cache.
    for (let i = 0; i < WARMUP + REPORTS; i++) one(i);
    return { reports: REPORTS, parseMs: Number(parseNs) / 1e6 / REPORTS, storeMs: Number(storeNs) / 1e6 / REPORTS };
  } finally {
    db.close();
  }
}

const [bodyFile, dbPath] = process.argv.slice(2);
if (bodyFile && dbPath) process.stdout.write(JSON.stringify(measure(readFileSync(bodyFile), dbPath)));
