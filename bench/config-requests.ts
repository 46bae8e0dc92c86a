// DESIGN §8 config requests: the real server (a child process) on 1,000 generated phones and ~1,100 common
// parameters, `GET /<mac>.xml` across all MACs at 64 connections; then, in the same run, a bare node:http
// server answering a fixed body of the same size, loaded by the same generator. Prints both and their ratio.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { cpuSecondsOf, freePort, memoryOf, sampleMemory, startChild, type Child } from "./child.ts";
import { runLoad, summarize, type LoadResult } from "./load.ts";
import { writeMppConfig } from "./mpp-config.ts";
import { portOf, startSwitchboard } from "./switchboard.ts";
import { fmtInt, fmtMB, fmtMs, MB, type BenchRow } from "./types.ts";

const PHONES = 1000;
const CONNECTIONS = 64;
const WARMUP = { maxRequests: 6_000, maxSeconds: 3 };
const ROUNDS = 3;
const STARTS = 3;
// Per round and server; BENCH_SECONDS is the total per server.
const MEASURE = { maxRequests: 150_000, maxSeconds: Number(process.env.BENCH_SECONDS ?? 9) / ROUNDS };
// A phone identifies itself by model and firmware; this version needs no upgrade, so the full profile is served.
const USER_AGENT = "Cisco-CP-8851-3PCC/12.0.1";

// A bare node:http server with one fixed body: the ceiling for any server on this machine and this generator.
const BARE_SERVER = `
const body = Buffer.alloc(Number(process.env.BODY_BYTES), "x");
require("node:http").createServer((req, res) => {
  res.writeHead(200, { "Content-Type": "text/xml; charset=utf-8", "Content-Length": body.length });
  res.end(body);
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("listening on " + process.env.PORT));
`;

export async function run(): Promise<BenchRow[]> {
  const tmp = mkdtempSync(join(tmpdir(), "switchboard-bench-"));
  try {
    const config = writeMppConfig(join(tmp, "config"), PHONES);
    const start = () => startSwitchboard(config.dir, join(tmp, "switchboard.sqlite"));
    // Start-up is timed over three starts (the median), since one start is at the mercy of the machine;
    // the first creates the database, the others open it as a restart does. The third one is loaded.
    const startups: number[] = [];
    for (let i = 0; i < STARTS - 1; i++) {
      const s = await start();
      startups.push(s.startupMs);
      await s.stop();
    }
    const server = await start();
    startups.push(server.startupMs);
    const startupMs = [...startups].sort((a, b) => a - b)[Math.floor(STARTS / 2)];
    const m = await measure(server, config.macs.map((mac) => `/${mac}.xml`));
    const ratio = m.switchboard.requestsPerSecond / m.baseline.requestsPerSecond;
    console.log([
      `config requests: ${PHONES} phones, ${config.commonParams} common parameters, profile ${fmtInt(m.bodyBytes)} bytes, ${CONNECTIONS} connections`,
      describe("switchboard", m.switchboard),
      describe("bare node:http", m.baseline),
      `  ratio ${ratio.toFixed(2)}; start-up ${startups.map(fmtInt).join(", ")} ms (median ${fmtInt(startupMs)}); machine load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
      `  CPU per request: switchboard ${fmtInt(m.cpuUs.switchboard)} µs, bare ${fmtInt(m.cpuUs.baseline)} µs, load generator ${fmtInt(m.cpuUs.generator)} µs`,
      `  switchboard RSS ${fmtMB(m.rssAtStart)} after start, ${fmtMB(m.rssUnderLoad)} max during load, ${fmtMB(m.peak)} peak (VmHWM); bare server ${fmtMB(m.barePeak)} peak`,
    ].join("\n"));
    return [
      { benchmark: "config requests: switchboard", measured: `${fmtInt(m.switchboard.requestsPerSecond)} req/s`, target: "—" },
      { benchmark: "config requests: bare node:http", measured: `${fmtInt(m.baseline.requestsPerSecond)} req/s`, target: "—" },
      { benchmark: "config requests: ratio to bare", measured: ratio.toFixed(2), target: "≥ 0.5", ok: ratio >= 0.5 },
      { benchmark: "config requests: p50", measured: fmtMs(m.switchboard.p50Ms), target: "—" },
      { benchmark: "config requests: p99", measured: fmtMs(m.switchboard.p99Ms), target: "≤ 10 ms", ok: m.switchboard.p99Ms <= 10 },
      { benchmark: "config requests: p99 of bare node:http", measured: fmtMs(m.baseline.p99Ms), target: "—" },
      { benchmark: "config requests: server CPU per request", measured: `${fmtInt(m.cpuUs.switchboard)} µs (bare ${fmtInt(m.cpuUs.baseline)} µs)`, target: "—" },
      { benchmark: "memory: RSS under config load (VmHWM)", measured: fmtMB(m.peak), target: "≤ 150 MB", ok: m.peak <= 150 * MB },
      { benchmark: "start-up to listening, 1,000 phones", measured: `${fmtInt(startupMs)} ms`, target: "≤ 1,000 ms", ok: startupMs <= 1000 },
    ];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Loads Switchboard and then a bare server of the same body size, in alternating rounds; stops both. */
async function measure(server: Child, paths: string[]) {
  const headers = { "User-Agent": USER_AGENT };
  const load = (port: number, limits: { maxRequests: number; maxSeconds: number }) =>
    runLoad({ port, paths, headers, connections: CONNECTIONS, ...limits });
  let bare: Child | undefined;
  try {
    const rssAtStart = memoryOf(server.pid).rssBytes;
    // The warm-up renders every phone's profile once and tells us the body size for the bare server.
    const warm = await load(portOf(server), WARMUP);
    if (warm.failures) throw new Error(`warm-up failed: ${warm.failures} failures, first: ${warm.firstFailure}\n${server.output()}`);
    const bodyBytes = Math.round(warm.meanBodyBytes);
    bare = await startChild({ args: ["-e", BARE_SERVER], env: { PORT: String(await freePort()), BODY_BYTES: String(bodyBytes) } });
    await load(portOf(bare), WARMUP);

    // Rounds alternate between the two servers so that a busy neighbour on the machine slows both alike.
    const rounds: { switchboard: LoadResult[]; baseline: LoadResult[] } = { switchboard: [], baseline: [] };
    // CPU time per request does not depend on what else the machine runs, unlike requests/s and p99.
    const cpu = { switchboard: 0, baseline: 0, generator: process.cpuUsage() };
    const timed = async (child: Child, into: LoadResult[], key: "switchboard" | "baseline") => {
      const before = cpuSecondsOf(child.pid);
      into.push(await load(portOf(child), MEASURE));
      cpu[key] += cpuSecondsOf(child.pid) - before;
    };
    const sampler = sampleMemory(server.pid);
    for (let i = 0; i < ROUNDS; i++) {
      await timed(server, rounds.switchboard, "switchboard");
      await timed(bare, rounds.baseline, "baseline");
    }
    const generator = process.cpuUsage(cpu.generator);
    const rssUnderLoad = sampler.stop();
    const switchboard = summarize(rounds.switchboard);
    const baseline = summarize(rounds.baseline);
    for (const r of [switchboard, baseline]) if (r.failures) throw new Error(`load failed: ${r.failures} failures, first: ${r.firstFailure}`);
    return {
      switchboard,
      baseline,
      cpuUs: {
        switchboard: (cpu.switchboard / switchboard.requests) * 1e6,
        baseline: (cpu.baseline / baseline.requests) * 1e6,
        generator: (generator.user + generator.system) / (switchboard.requests + baseline.requests),
      },
      bodyBytes,
      rssAtStart,
      rssUnderLoad,
      peak: memoryOf(server.pid).peakBytes,
      barePeak: memoryOf(bare.pid).peakBytes,
    };
  } finally {
    await server.stop();
    await bare?.stop();
  }
}

function describe(name: string, r: LoadResult): string {
  return `  ${name.padEnd(15)} ${fmtInt(r.requestsPerSecond).padStart(7)} req/s  p50 ${fmtMs(r.p50Ms)}  p99 ${fmtMs(r.p99Ms)}  max ${fmtMs(r.maxMs)}  (${fmtInt(r.requests)} requests in ${r.seconds.toFixed(1)} s)`;
}

