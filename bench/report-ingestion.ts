// DESIGN §8 report ingestion: a phone's full configuration report (~1,100 parameters, as Report_Rule posts it)
// sent to `POST /report/<mac>` of the real server (a child process) at a few keep-alive connections: parse +
// store, one transaction per report. Before that, the same parse + store in this process without HTTP, so the
// share of the HTTP layer is visible.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reportXml } from "../tests/fakes/phone.ts";
import { cpuSecondsOf } from "./child.ts";
import { runLoad } from "./load.ts";
import { writeMppConfig } from "./mpp-config.ts";
import type { InProcessResult } from "./report-in-process.ts";
import { nodeFlags, portOf, ROOT, startSwitchboard } from "./switchboard.ts";
import { fmtInt, fmtMs, type BenchRow } from "./types.ts";

const PHONES = 1000;
const CONNECTIONS = 4;
const WARMUP = { maxRequests: 500, maxSeconds: 1.5 };
const MEASURE = { maxRequests: 20_000, maxSeconds: 6 };
const TARGET_PER_SECOND = 500;

export async function run(): Promise<BenchRow[]> {
  const tmp = mkdtempSync(join(tmpdir(), "switchboard-bench-"));
  try {
    const config = writeMppConfig(join(tmp, "config"), PHONES);
    const params = config.reportParams(0);
    const body = Buffer.from(reportXml(params));
    const paramCount = Object.keys(params).length;
    // In a child with the server's node flags, which change the cost of garbage collection.
    writeFileSync(join(tmp, "report.xml"), body);
    const local = JSON.parse(
      execFileSync(process.execPath, [...nodeFlags(), "--import", "tsx", "bench/report-in-process.ts", join(tmp, "report.xml"), join(tmp, "in-process.sqlite")], { cwd: ROOT, encoding: "utf8" }),
    ) as InProcessResult;

    const server = await startSwitchboard(config.dir, join(tmp, "switchboard.sqlite"));
    let http;
    let cpuUs: number;
    try {
      const load = (limits: { maxRequests: number; maxSeconds: number }) =>
        runLoad({
          port: portOf(server),
          paths: config.macs.map((mac) => `/report/${mac}`),
          method: "POST",
          // Phones label the raw XML as a form.
          headers: { "User-Agent": "Cisco-CP-8851-3PCC/12.0.1", "Content-Type": "application/x-www-form-urlencoded" },
          body,
          connections: CONNECTIONS,
          ...limits,
        });
      const warm = await load(WARMUP);
      if (warm.failures) throw new Error(`warm-up failed: ${warm.failures} failures, first: ${warm.firstFailure}\n${server.output()}`);
      const before = cpuSecondsOf(server.pid);
      http = await load(MEASURE);
      cpuUs = ((cpuSecondsOf(server.pid) - before) / http.requests) * 1e6;
      if (http.failures) throw new Error(`load failed: ${http.failures} failures, first: ${http.firstFailure}`);
    } finally {
      await server.stop();
    }
    const ok = http.requestsPerSecond >= TARGET_PER_SECOND;
    console.log([
      `report ingestion: ${paramCount} parameters, ${fmtInt(body.length)} bytes per report, ${PHONES} phones, ${CONNECTIONS} connections`,
      `  HTTP          ${fmtInt(http.requestsPerSecond)} reports/s  p50 ${fmtMs(http.p50Ms)}  p99 ${fmtMs(http.p99Ms)}  max ${fmtMs(http.maxMs)}  (${fmtInt(http.requests)} reports in ${http.seconds.toFixed(1)} s); server CPU ${fmtInt(cpuUs)} µs per report`,
      `  in-process    parse ${fmtMs(local.parseMs)} + store ${fmtMs(local.storeMs)} = ${fmtMs(local.parseMs + local.storeMs)} per report (${fmtInt(1000 / (local.parseMs + local.storeMs))} reports/s on one core; ${local.reports} reports)`,
    ].join("\n"));
    return [
      { benchmark: "report ingestion: HTTP", measured: `${fmtInt(http.requestsPerSecond)} reports/s`, target: `≥ ${TARGET_PER_SECOND}/s`, ok },
      { benchmark: "report ingestion: HTTP p99", measured: fmtMs(http.p99Ms), target: "—" },
      { benchmark: "report ingestion: server CPU per report", measured: `${fmtInt(cpuUs)} µs`, target: "—" },
      { benchmark: "report ingestion: in-process parse + store", measured: `${fmtMs(local.parseMs)} + ${fmtMs(local.storeMs)}`, target: "—" },
    ];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
