import { openDatabase } from "../../db/open.ts";
import { addReport } from "../../db/reports.ts";
import { parseReport } from "../../core/mpp/report-parse.ts";
import { reportXml, bulkParams } from "./phone.ts";
import { rmSync } from "node:fs";
rmSync("/tmp/perf.sqlite", { force: true }); rmSync("/tmp/perf.sqlite-wal", { force: true });
const db = openDatabase("/tmp/perf.sqlite");
const xml = reportXml(bulkParams(1100));
const n = 2000; const t = performance.now();
let tp = 0, ts = 0;
for (let i = 0; i < n; i++) {
  const a = performance.now();
  const r = parseReport(xml, "text/xml", (i % 200).toString(16).padStart(12, "0"), undefined);
  const b = performance.now();
  addReport(db, { mac: r.mac, receivedAt: new Date().toISOString(), clientIp: "1.2.3.4", userAgent: "x", reportType: r.reportType, params: r.params, rawXml: r.xml }, 50);
  ts += performance.now() - b; tp += b - a;
}
const s = (performance.now() - t) / 1000;
console.log(`${(n / s).toFixed(0)} reports/s; parse ${(tp / n).toFixed(2)} ms, store ${(ts / n).toFixed(2)} ms`);
