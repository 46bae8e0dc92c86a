// DESIGN §8 report ingestion: a phone's full configuration report (~1,100 parameters, as Report_Rule posts it)
// sent by wrk to `POST /report/<mac>` of the real server (a child process), cycling over 1,000 MACs at a few
// keep-alive connections: parse + store, one transaction per report; wrk's CPU per report is printed beside the
// server's. Before that, the same parse + store in this process without HTTP, so the share of HTTP is visible.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reportXml } from "../tests/fakes/phone.ts";
import { wrkWithCpu, type Loaded } from "./config-load.ts";
import { writeMppConfig } from "./mpp-config.ts";
import type { InProcessResult } from "./report-in-process.ts";
import { nodeFlags, portOf, ROOT, startSwitchboard } from "./switchboard.ts";
import { fmtInt, fmtMs, type BenchRow } from "./types.ts";
import { hasWrk, type WrkOptions } from "./wrk.ts";

const PHONES = 1000;
const CONNECTIONS = 4;
const WARMUP_SECONDS = 2;
const MEASURE_SECONDS = 6;
const TARGET_PER_SECOND = 500;

export async function run(): Promise<BenchRow[]> {
  if (!hasWrk()) return [{ benchmark: "report ingestion", measured: "skipped: wrk is not installed (make bench installs it as root)", target: "—" }];
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
    let http: Loaded;
    try {
      const load = (seconds: number): WrkOptions => ({ url: `http://127.0.0.1:${portOf(server)}`, threads: 2, connections: CONNECTIONS, seconds, ...reportScript(tmp, config.macs) });
      await wrkWithCpu(server, load(WARMUP_SECONDS));
      http = await wrkWithCpu(server, load(MEASURE_SECONDS));
    } finally {
      await server.stop();
    }
    const ok = http.requestsPerSecond >= TARGET_PER_SECOND;
    console.log([
      `report ingestion: ${paramCount} parameters, ${fmtInt(body.length)} bytes per report, ${PHONES} phones, ${CONNECTIONS} connections`,
      `  HTTP          ${fmtInt(http.requestsPerSecond)} reports/s  p50 ${fmtMs(http.p50)}  p99 ${fmtMs(http.p99)}  (${fmtInt(http.requests)} reports in ${MEASURE_SECONDS} s); server CPU ${fmtInt(http.serverUs)} µs per report, wrk ${fmtInt(http.wrkUs)} µs`,
      `  in-process    parse ${fmtMs(local.parseMs)} + store ${fmtMs(local.storeMs)} = ${fmtMs(local.parseMs + local.storeMs)} per report (${fmtInt(1000 / (local.parseMs + local.storeMs))} reports/s on one core; ${local.reports} reports)`,
    ].join("\n"));
    return [
      { benchmark: "report ingestion: HTTP", measured: `${fmtInt(http.requestsPerSecond)} reports/s`, target: `≥ ${TARGET_PER_SECOND}/s`, ok },
      { benchmark: "report ingestion: HTTP p50 | p99", measured: `${fmtMs(http.p50)} | ${fmtMs(http.p99)}`, target: "—" },
      { benchmark: "report ingestion: CPU per report server | wrk", measured: `${fmtInt(http.serverUs)} | ${fmtInt(http.wrkUs)} µs`, target: "—" },
      { benchmark: "report ingestion: in-process parse + store", measured: `${fmtMs(local.parseMs)} + ${fmtMs(local.storeMs)}`, target: "—" },
    ];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** POSTs the report to /report/<mac>, cycling over the MACs (each wrk thread from its own offset). */
function reportScript(tmp: string, macs: string[]): Pick<WrkOptions, "script" | "env"> {
  const script = join(tmp, "report.lua");
  writeFileSync(join(tmp, "macs.txt"), macs.join("\n") + "\n");
  writeFileSync(script, `
local threads = 0
function setup(thread) thread:set("id", threads); threads = threads + 1 end
function init(args)
  local f = io.open(os.getenv("REPORT_BODY"), "rb"); body = f:read("*a"); f:close()
  macs = {}
  for line in io.lines(os.getenv("REPORT_MACS")) do macs[#macs + 1] = line end
  n = id * 500
end
function request()
  n = n + 1
  -- Phones label the raw XML as a form.
  return wrk.format("POST", "/report/" .. macs[n % #macs + 1], { ["User-Agent"] = "Cisco-CP-8851-3PCC/12.0.1", ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end
`);
  return { script, env: { REPORT_BODY: join(tmp, "report.xml"), REPORT_MACS: join(tmp, "macs.txt") } };
}
