// DESIGN §8 provisioning storm: 5,000 distinct phones (a fresh server, nothing cached) each fetch their profile
// with a real Cisco User-Agent and then post their full configuration report, 64 phones at a time. Every
// request opens its own connection, as phones do. Measures the wall time until the last report is stored.
// The client is Node (each phone's report follows its own profile fetch, which wrk cannot express); its CPU per
// phone is printed beside the server's to show it was not the bottleneck.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, request } from "node:http";
import { reportXml } from "../tests/fakes/phone.ts";
import { XmlWriter } from "../lib/xml.ts";
import { cpuSecondsOf, memoryOf } from "./child.ts";
import { phoneUserAgent } from "./config-load.ts";
import { writeMppConfig } from "./mpp-config.ts";
import { portOf, startSwitchboard } from "./switchboard.ts";
import { fmtInt, fmtMB, fmtMs, type BenchRow } from "./types.ts";

const PHONES = 5000;
const CONCURRENCY = 64;
const TARGET_SECONDS = 10;
// Gives up on a storm that has clearly failed instead of hanging `make bench`.
const LIMIT_SECONDS = 120;

export async function run(): Promise<BenchRow[]> {
  const tmp = mkdtempSync(join(tmpdir(), "switchboard-bench-"));
  try {
    const config = writeMppConfig(join(tmp, "config"), PHONES);
    // Every phone reports common.yml plus its own parameters; the common part is written once.
    const commonXml = reportXml(config.common);
    const closing = commonXml.lastIndexOf("</flat-profile>");
    const reportOf = (i: number) => {
      const own = new XmlWriter(false);
      for (const [name, value] of Object.entries(config.phoneParams(i))) own.element(name, value, { ua: "na" }).newline();
      return Buffer.from(commonXml.slice(0, closing) + own.toString() + commonXml.slice(closing));
    };
    const server = await startSwitchboard(config.dir, join(tmp, "switchboard.sqlite"), 30_000);
    try {
      const port = portOf(server);
      const cpuBefore = cpuSecondsOf(server.pid);
      const clientBefore = process.cpuUsage();
      const storm = await runStorm(port, config.macs, reportOf);
      const cpuSeconds = cpuSecondsOf(server.pid) - cpuBefore;
      const client = process.cpuUsage(clientBefore);
      const clientUsPerPhone = (client.user + client.system) / PHONES;
      const peak = memoryOf(server.pid).peakBytes;
      if (storm.failures) throw new Error(`storm failed: ${storm.failures} failures, first: ${storm.firstFailure}\n${server.output().slice(-2000)}`);
      const profiles = percentiles(storm.profileUs);
      const reports = percentiles(storm.reportUs);
      const ok = storm.seconds <= TARGET_SECONDS;
      console.log([
        `provisioning storm: ${fmtInt(PHONES)} phones, ${config.commonParams} common parameters, ${CONCURRENCY} at a time, a new connection per request`,
        `  all phones provisioned and reported in ${storm.seconds.toFixed(2)} s (${fmtInt(PHONES / storm.seconds)} phones/s); start-up ${fmtInt(server.startupMs)} ms`,
        `  profile GET  p50 ${fmtMs(profiles.p50Ms)}  p99 ${fmtMs(profiles.p99Ms)}  max ${fmtMs(profiles.maxMs)}`,
        `  report POST  p50 ${fmtMs(reports.p50Ms)}  p99 ${fmtMs(reports.p99Ms)}  max ${fmtMs(reports.maxMs)}`,
        `  server CPU ${cpuSeconds.toFixed(2)} s (${fmtInt((cpuSeconds / PHONES) * 1e6)} µs per phone), client (Node) CPU ${fmtInt(clientUsPerPhone)} µs per phone, peak RSS ${fmtMB(peak)}; machine load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
      ].join("\n"));
      return [
        { benchmark: `provisioning storm: ${fmtInt(PHONES)} phones`, measured: `${storm.seconds.toFixed(2)} s`, target: `≤ ${TARGET_SECONDS} s`, ok },
        { benchmark: "provisioning storm: CPU per phone server | client", measured: `${fmtInt((cpuSeconds / PHONES) * 1e6)} | ${fmtInt(clientUsPerPhone)} µs`, target: "—" },
      ];
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

interface StormResult {
  seconds: number;
  failures: number;
  firstFailure?: string;
  profileUs: Float64Array;
  reportUs: Float64Array;
}

/** `CONCURRENCY` workers take the next phone, GET its profile, then POST its report. */
async function runStorm(port: number, macs: string[], reportOf: (i: number) => Buffer): Promise<StormResult> {
  // No keep-alive: each request is a new connection, as from a phone.
  const agent = new Agent({ keepAlive: false, maxSockets: CONCURRENCY });
  const profileUs = new Float64Array(macs.length);
  const reportUs = new Float64Array(macs.length);
  let next = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const started = process.hrtime.bigint();
  const send = (method: string, path: string, headers: Record<string, string>, body?: Buffer) =>
    new Promise<number>((resolve) => {
      const t0 = process.hrtime.bigint();
      const fail = (why: string) => {
        failures++;
        firstFailure ??= `${why} for ${method} ${path}`;
      };
      const req = request({ host: "127.0.0.1", port, method, path, headers, agent }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode! < 200 || res.statusCode! > 299) fail(String(res.statusCode));
          resolve(Number(process.hrtime.bigint() - t0) / 1000);
        });
      });
      req.on("error", (err) => {
        fail(err.message);
        resolve(Number(process.hrtime.bigint() - t0) / 1000);
      });
      req.end(body);
    });
  const worker = async () => {
    while (next < macs.length) {
      const i = next++;
      const mac = macs[i];
      const userAgent = phoneUserAgent(mac);
      profileUs[i] = await send("GET", `/${mac}.xml`, { "User-Agent": userAgent });
      // Report_Rule posts raw XML labelled as a form.
      reportUs[i] = await send("POST", `/report/${mac}`, { "User-Agent": userAgent, "Content-Type": "application/x-www-form-urlencoded" }, reportOf(i));
    }
  };
  const watchdog = setTimeout(() => agent.destroy(), LIMIT_SECONDS * 1000);
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  clearTimeout(watchdog);
  agent.destroy();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, failures, firstFailure, profileUs, reportUs };
}

/** p50, p99 and the slowest, in milliseconds, of latencies in microseconds. */
function percentiles(us: Float64Array): { p50Ms: number; p99Ms: number; maxMs: number } {
  const sorted = Float64Array.from(us).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] / 1000;
  return { p50Ms: at(50), p99Ms: at(99), maxMs: sorted[sorted.length - 1] / 1000 };
}
