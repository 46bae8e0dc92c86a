// `make profile` (npm run bench:profile): a V8 CPU profile of the real server under the config-request load of
// `make bench` (1,000 phones, wrk at 64 connections, each phone's own User-Agent). Writes the .cpuprofile to
// PROFILE_DIR (default /tmp/switchboard-profile; open it in Chrome DevTools) and prints where the server's CPU
// went: self time by kind (our code, node:http and other node internals, GC, idle) and our top functions.
//   BENCH_SECONDS=<n>  seconds of measured load (default 10)    PHONES=<n>  phones in the config (default 1000)
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { loadConfigServer, startConfigServer } from "./config-load.ts";
import { ROOT } from "./switchboard.ts";
import { fmtInt } from "./types.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const OUT = process.env.PROFILE_DIR ?? "/tmp/switchboard-profile";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PHONES = Number(process.env.PHONES ?? 1000);
const TOP = 25;

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const before = new Set(readdirSync(OUT));
  process.env.BENCH_CPU_PROF = OUT;
  let requests = 0;
  const tmp = mkdtempSync(join(tmpdir(), "switchboard-profile-"));
  try {
    const s = await startConfigServer(tmp, PHONES, 1);
    try {
      const r = await loadConfigServer(s, SECONDS);
      requests = r.requests + r.warmupRequests;
      console.log(`${fmtInt(r.requestsPerSecond)} req/s, server CPU ${fmtInt(r.serverUs)} µs/req (profiling adds some), wrk CPU ${fmtInt(r.wrkUs)} µs/req, ${fmtInt(r.requests)} requests`);
    } finally {
      await s.server.stop();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const written = readdirSync(OUT).filter((f) => f.endsWith(".cpuprofile") && !before.has(f));
  if (written.length === 0) throw new Error(`no .cpuprofile was written to ${OUT}`);
  // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread (tsx's loader runs in another).
  const file = join(OUT, written.find((f) => f.split(".")[4] === "0") ?? written[0]);
  console.log(`profile: ${file}`);
  console.log(summarize(JSON.parse(readFileSync(file, "utf8")) as CpuProfile, requests));
}

/**
 * Self time per function (from the samples and their time deltas), grouped by where the code lives, as a share of
 * the profile and in µs per request (the whole profile, start-up and warm-up included, over the measured requests:
 * an upper bound, good for comparing functions and runs).
 */
export function summarize(p: CpuProfile, requests: number): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const kinds = new Map<string, number>();
  const ours = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const kind = kindOf(url, functionName);
    kinds.set(kind, (kinds.get(kind) ?? 0) + us);
    const where = kind === "our code" ? relative(ROOT, new URL(url).pathname) : url.replace(/^.*\/node_modules\//, "");
    const key = `${functionName || "(anonymous)"}  ${where}${url ? `:${lineNumber + 1}` : ""}`;
    (kind === "our code" ? ours : functions).set(key, ((kind === "our code" ? ours : functions).get(key) ?? 0) + us);
  }
  const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)} % ${(us / requests).toFixed(2).padStart(6)} µs/req`;
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return [
    "self time by kind:",
    ...sorted(kinds).filter(([, us]) => us / total >= 0.005).map(([k, us]) => `  ${pct(us)}  ${k}`),
    `our functions, top ${TOP} by self time:`,
    ...sorted(ours).slice(0, TOP).map(([f, us]) => `  ${pct(us)}  ${f}`),
    `everything else, top ${TOP} by self time:`,
    ...sorted(functions).filter(([f]) => !f.startsWith("(idle)")).slice(0, TOP).map(([f, us]) => `  ${pct(us)}  ${f}`),
  ].join("\n");
}

function kindOf(url: string, name: string): string {
  if (name === "(idle)") return "idle";
  if (name === "(garbage collector)") return "garbage collector";
  if (name === "(program)") return "(program): native, outside JS";
  if (url.startsWith("file://") && !url.includes("/node_modules/")) return "our code";
  if (url.includes("/node_modules/")) return "dependencies";
  if (url.startsWith("node:_http") || url.startsWith("node:http")) return "node:http";
  if (url.startsWith("node:")) return "other node internals";
  return url ? "other" : "native (C++ bindings, regexps)";
}

if (process.argv[1]?.endsWith("profile.ts")) void main();
