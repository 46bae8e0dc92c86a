// DESIGN §8 config requests: the real server (a child process) on 1,000 generated phones and ~1,100 common
// parameters, `GET /<mac>.xml` cycled over all MACs with each phone's own User-Agent at 64 connections, loaded by
// wrk; in the same run, with the same wrk settings, a bare node:http server answering a fixed body of the same
// size. Rounds alternate between the two so a busy neighbour slows both alike. Prints both servers' req/s,
// p50/p99, their ratio, server CPU µs per request (from /proc, the whole process) and wrk's own CPU per request.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, memoryOf, sampleMemory, startChild, type Child } from "./child.ts";
import { CONNECTIONS, mergeRounds, phoneUserAgent, startConfigServer, startupFigures, THREADS, wrkWithCpu, type ConfigServer, type Loaded } from "./config-load.ts";
import { portOf } from "./switchboard.ts";
import { fmtInt, fmtMB, fmtMs, MB, type BenchRow } from "./types.ts";
import { hasWrk } from "./wrk.ts";

const PHONES = 1000;
const ROUNDS = 3;
const STARTS = 3;
// Per server in total, split into ROUNDS.
const SECONDS = Number(process.env.BENCH_SECONDS ?? 9);

// A bare node:http server with one fixed body: the ceiling for any server on this machine.
const BARE_SERVER = `
const body = Buffer.alloc(Number(process.env.BODY_BYTES), "x");
require("node:http").createServer((req, res) => {
  res.writeHead(200, { "Content-Type": "text/xml; charset=utf-8", "Content-Length": body.length });
  res.end(body);
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("listening on " + process.env.PORT));
`;

export async function run(): Promise<BenchRow[]> {
  if (!hasWrk()) return [{ benchmark: "config requests", measured: "skipped: wrk is not installed (make bench installs it as root)", target: "—" }];
  const tmp = mkdtempSync(join(tmpdir(), "switchboard-bench-config-"));
  try {
    const s = await startConfigServer(tmp, PHONES, STARTS);
    const startup = startupFigures(s.startups);
    const m = await measure(s);
    const ratio = m.switchboard.requestsPerSecond / m.bare.requestsPerSecond;
    const p99Ratio = m.switchboard.p99 / m.bare.p99;
    const line = (name: string, r: Loaded) =>
      `  ${name.padEnd(15)} ${fmtInt(r.requestsPerSecond).padStart(7)} req/s  p50 ${fmtMs(r.p50)}  p99 ${fmtMs(r.p99)}  server CPU ${fmtInt(r.serverUs)} µs/req  wrk CPU ${fmtInt(r.wrkUs)} µs/req  (${fmtInt(r.requests)} requests)`;
    console.log([
      `config requests: ${PHONES} phones, ${s.config.commonParams} common parameters, profile ${fmtInt(m.bodyBytes)} bytes, wrk ${THREADS} threads ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${(SECONDS / ROUNDS).toFixed(1)} s`,
      line("switchboard", m.switchboard),
      line("bare node:http", m.bare),
      `  ratio ${ratio.toFixed(2)} (req/s), p99 ${p99Ratio.toFixed(2)} × bare; start-up ${s.startups.map(fmtInt).join(", ")} ms; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
      `  switchboard RSS ${fmtMB(s.rssAfterStart)} after start, ${fmtMB(m.rssUnderLoad)} max during load, ${fmtMB(m.peak)} peak (VmHWM)`,
    ].join("\n"));
    return [
      { benchmark: "config requests: req/s switchboard | bare", measured: `${fmtInt(m.switchboard.requestsPerSecond)} | ${fmtInt(m.bare.requestsPerSecond)}`, target: "—" },
      { benchmark: "config requests: ratio to bare (wrk, 64 conn.)", measured: ratio.toFixed(2), target: "≥ 0.75", ok: ratio >= 0.75 },
      { benchmark: "config requests: p50 switchboard | bare", measured: `${fmtMs(m.switchboard.p50)} | ${fmtMs(m.bare.p50)}`, target: "—" },
      { benchmark: "config requests: p99 switchboard | bare", measured: `${fmtMs(m.switchboard.p99)} | ${fmtMs(m.bare.p99)} (${p99Ratio.toFixed(2)} ×)`, target: "≤ 2 × bare p99", ok: p99Ratio <= 2 },
      { benchmark: "config requests: server CPU/req switchboard | bare", measured: `${fmtInt(m.switchboard.serverUs)} | ${fmtInt(m.bare.serverUs)} µs (wrk ${fmtInt(m.switchboard.wrkUs)} µs)`, target: "—" },
      { benchmark: "memory: RSS under config load, 1,000 phones (VmHWM)", measured: fmtMB(m.peak), target: "≤ 150 MB", ok: m.peak <= 150 * MB },
      { benchmark: "start-up to listening, 1,000 phones", measured: startup.text, target: "≤ 1,000 ms", ok: startup.restart <= 1000 },
    ];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Switchboard and a bare server of the same body size under the same wrk settings, in alternating rounds. */
async function measure(s: ConfigServer) {
  let bare: Child | undefined;
  try {
    // The warm-up renders every phone's profile once; a profile's size is the bare server's body size.
    await wrkWithCpu(s.server, s.load(2));
    const bodyBytes = await meanProfileBytes(s);
    bare = await startChild({ args: ["-e", BARE_SERVER], env: { PORT: String(await freePort()), BODY_BYTES: String(bodyBytes) } });
    const bareUrl = `http://127.0.0.1:${portOf(bare)}/`;
    const bareLoad = (seconds: number) => ({ ...s.load(seconds), url: bareUrl, script: undefined, env: undefined });
    await wrkWithCpu(bare, bareLoad(1));
    const rounds = { switchboard: [] as Loaded[], bare: [] as Loaded[] };
    const sampler = sampleMemory(s.server.pid);
    for (let i = 0; i < ROUNDS; i++) {
      rounds.switchboard.push(await wrkWithCpu(s.server, s.load(SECONDS / ROUNDS)));
      rounds.bare.push(await wrkWithCpu(bare, bareLoad(SECONDS / ROUNDS)));
    }
    return {
      switchboard: mergeRounds(rounds.switchboard),
      bare: mergeRounds(rounds.bare),
      bodyBytes,
      rssUnderLoad: sampler.stop(),
      peak: memoryOf(s.server.pid).peakBytes,
    };
  } finally {
    await s.server.stop();
    await bare?.stop();
  }
}

/** The mean size of a few phones' profiles, fetched as those phones fetch them. */
async function meanProfileBytes(s: ConfigServer): Promise<number> {
  const { url } = s.load(0);
  const sizes = await Promise.all(s.config.macs.slice(0, 20).map(async (mac) => {
    const res = await fetch(`${url}/${mac}.xml`, { headers: { "User-Agent": phoneUserAgent(mac) } });
    return (await res.arrayBuffer()).byteLength;
  }));
  return Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length);
}
