// DESIGN §8 growth: config requests at 1,000, 10,000 and 50,000 phones (req/s, server CPU per request, RSS, start-up
// to listening) and the cold directory search p99 at 10,000, 100,000 and 1,000,000 contacts. Prints each figure
// with its growth against the smallest size, so a cost that grows faster than the data shows at a glance.
//   BENCH_SCALE_PHONES="1000,10000,50000"   BENCH_SCALE_CONTACTS="10000,100000,1000000"   (to shorten a run)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfigServer, startConfigServer, startupFigures } from "./config-load.ts";
import { measureDirectory } from "./directory-search.ts";
import { fmtInt, fmtMB, fmtMs, MB, type BenchRow } from "./types.ts";
import { hasWrk } from "./wrk.ts";

// An empty list skips that half (BENCH_SCALE_CONTACTS= measures only phones); unset means the full curve.
const sizes = (env: string | undefined, fallback: number[]) => (env === undefined ? fallback : env.split(",").filter((s) => s.trim()).map(Number));
const PHONES = sizes(process.env.BENCH_SCALE_PHONES, [1000, 10_000, 50_000]);
const CONTACTS = sizes(process.env.BENCH_SCALE_CONTACTS, [10_000, 100_000, 1_000_000]);
const SECONDS = 5;
// Three starts, as for the config requests: the first creates the database and parses the config from YAML; the
// figure is the median of the two restarts (one restart alone moved by a fifth between runs on a 2-core VM).
const STARTS = 3;

interface PhonePoint {
  phones: number;
  requestsPerSecond: number;
  serverUs: number;
  wrkUs: number;
  startupMs: number;
  firstStartMs: number;
  rssAfterStart: number;
  peak: number;
}

export async function run(): Promise<BenchRow[]> {
  if (!hasWrk()) return [{ benchmark: "scale curve", measured: "skipped: wrk is not installed (make bench installs it as root)", target: "—" }];
  // A size that fails (a server that does not start in time) is a row saying so; the other sizes still count.
  const failures: BenchRow[] = [];
  const attempt = async <T>(name: string, f: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await f();
    } catch (err) {
      console.error(`scale curve, ${name}:`, err);
      failures.push({ benchmark: `scale ${name}`, measured: `error: ${(err as Error).message.split("\n")[0]}`, target: "—", ok: false });
      return undefined;
    }
  };
  const points: PhonePoint[] = [];
  for (const phones of PHONES) {
    const p = await attempt(`${fmtInt(phones)} phones`, () => phonePoint(phones));
    // Each size as it is measured: the whole curve takes minutes.
    if (p) console.log(`  (scale: ${fmtInt(phones)} phones: ${fmtInt(p.requestsPerSecond)} req/s, ${fmtInt(p.serverUs)} µs/req, start-up ${fmtInt(p.startupMs)} ms, peak RSS ${fmtMB(p.peak)})`);
    if (p) points.push(p);
  }
  const directory: { contacts: number; p99: number; p50: number; serverUs: number; seedSeconds: number; orderSeconds: number }[] = [];
  for (const contacts of CONTACTS) {
    const d = await attempt(`${fmtInt(contacts)} contacts`, () => measureDirectory(contacts, false));
    if (d) console.log(`  (scale: ${fmtInt(contacts)} contacts: cold p50 ${fmtMs(d.kinds[0][1].p50)}, p99 ${fmtMs(d.kinds[0][1].p99)}, ${d.seededFrom === "cache" ? "copied from cache" : "seeded"} in ${d.seedSeconds.toFixed(1)} s)`);
    if (d) directory.push({ contacts, p50: d.kinds[0][1].p50, p99: d.kinds[0][1].p99, serverUs: d.kinds[0][1].serverUs, seedSeconds: d.seedSeconds, orderSeconds: d.orderSeconds });
  }
  const growth = (value: number, first: number) => `${(value / first).toFixed(1)}×`;
  const p0 = points[0];
  const d0 = directory[0];
  console.log([
    "scale curve: config requests (wrk, 64 connections, each phone's own User-Agent), growth against the first row",
    "  phones   req/s          server CPU/req   wrk CPU/req  restart          RSS after start  peak RSS   (first start)",
    ...points.map((p) => `  ${fmtInt(p.phones).padStart(6)}  ${fmtInt(p.requestsPerSecond).padStart(6)} (${growth(p.requestsPerSecond, p0.requestsPerSecond)})  ${fmtInt(p.serverUs).padStart(5)} µs (${growth(p.serverUs, p0.serverUs)})    ${fmtInt(p.wrkUs).padStart(4)} µs    ${fmtInt(p.startupMs).padStart(6)} ms (${growth(p.startupMs, p0.startupMs)})  ${fmtMB(p.rssAfterStart).padStart(9)}        ${fmtMB(p.peak)} (${growth(p.peak, p0.peak)})  (${fmtInt(p.firstStartMs)} ms)`),
    "  directory name search, cold (every term new), 2 connections",
    "  contacts   p50       p99              server CPU/req     seeded in  order in memory after start",
    ...directory.map((d) => `  ${fmtInt(d.contacts).padStart(9)}  ${fmtMs(d.p50).padStart(8)}  ${fmtMs(d.p99).padStart(8)} (${growth(d.p99, d0.p99)})  ${fmtInt(d.serverUs).padStart(6)} µs (${growth(d.serverUs, d0.serverUs)})  ${d.seedSeconds.toFixed(1).padStart(7)} s  ${d.orderSeconds.toFixed(2)} s`),
  ].join("\n"));
  const rows: BenchRow[] = [...failures];
  for (const p of points) {
    const startTarget = p.phones <= 1000 ? 1000 : p.phones >= 50_000 ? 3000 : undefined;
    const rssTarget = p.phones <= 1000 ? 150 : p.phones >= 50_000 ? 400 : undefined;
    rows.push(
      { benchmark: `scale ${fmtInt(p.phones)} phones: req/s, server CPU/req`, measured: `${fmtInt(p.requestsPerSecond)}, ${fmtInt(p.serverUs)} µs (wrk ${fmtInt(p.wrkUs)} µs)`, target: "—" },
      { benchmark: `scale ${fmtInt(p.phones)} phones: start-up to listening`, measured: `restart ${fmtInt(p.startupMs)} ms (first start ${fmtInt(p.firstStartMs)} ms)`, target: startTarget ? `≤ ${fmtInt(startTarget)} ms` : "—", ok: startTarget ? p.startupMs <= startTarget : undefined },
      { benchmark: `scale ${fmtInt(p.phones)} phones: peak RSS under load`, measured: fmtMB(p.peak), target: rssTarget ? `≤ ${rssTarget} MB` : "—", ok: rssTarget ? p.peak <= rssTarget * MB : undefined },
    );
  }
  for (const d of directory) {
    const target = d.contacts >= 1_000_000 ? 20 : d.contacts >= 100_000 ? 5 : undefined;
    rows.push({ benchmark: `scale ${fmtInt(d.contacts)} contacts: directory cold p99`, measured: `${fmtMs(d.p99)} (CPU ${fmtInt(d.serverUs)} µs)`, target: target ? `≤ ${target} ms` : "—", ok: target ? d.p99 <= target : undefined });
  }
  return rows;
}

async function phonePoint(phones: number): Promise<PhonePoint> {
  const tmp = mkdtempSync(join(tmpdir(), "switchboard-bench-scale-"));
  try {
    const s = await startConfigServer(tmp, phones, STARTS);
    try {
      const r = await loadConfigServer(s, SECONDS);
      return { phones, requestsPerSecond: r.requestsPerSecond, serverUs: r.serverUs, wrkUs: r.wrkUs, startupMs: startupFigures(s.startups).restart, firstStartMs: startupFigures(s.startups).first, rssAfterStart: s.rssAfterStart, peak: r.peak };
    } finally {
      await s.server.stop();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
