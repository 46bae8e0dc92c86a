// Config requests under wrk, shared by the config-request row and the scale curve: a config folder of N phones,
// the real server started (start-up timed), `GET /<mac>.xml` cycled over every phone with that phone's own
// User-Agent (identification by UA is on the hot path), and the server's CPU per request from /proc.
import { join } from "node:path";
import { cpuSecondsOf, memoryOf, sampleMemory, type Child } from "./child.ts";
import { PHONE_FIRMWARE, PHONE_MODEL, writeMppConfig, type GeneratedConfig } from "./mpp-config.ts";
import { portOf, startSwitchboard } from "./switchboard.ts";
import { fmtInt } from "./types.ts";
import { runWrk, urlListScript, type WrkOptions, type WrkResult } from "./wrk.ts";

export const CONNECTIONS = 64;
// Two wrk threads: wrk then uses well under the server's CPU per request (printed beside it).
export const THREADS = 2;

/** A phone's real User-Agent: model, firmware (the expected one, so the full profile is served) and its MAC. */
export const phoneUserAgent = (mac: string): string => `Cisco-${PHONE_MODEL}/${PHONE_FIRMWARE} (${mac.toUpperCase()})`;

/** wrk's figures plus CPU per request of the server (whole process, /proc) and of wrk itself. */
export interface Loaded extends WrkResult {
  serverUs: number;
  wrkUs: number;
}

/** One wrk run against a child, with the child's CPU time over exactly that run. */
export async function wrkWithCpu(child: Child, o: WrkOptions): Promise<Loaded> {
  const before = cpuSecondsOf(child.pid);
  const r = await runWrk(o);
  const serverUs = ((cpuSecondsOf(child.pid) - before) / r.requests) * 1e6;
  if (r.failures) throw new Error(`${r.failures} of ${r.requests} requests failed against ${o.url}\n${child.output().slice(-1000)}`);
  return { ...r, serverUs, wrkUs: (r.cpuSeconds / r.requests) * 1e6 };
}

/** Merges rounds of the same server: requests and CPU add up; percentiles are the rounds' median. */
export function mergeRounds(rounds: Loaded[]): Loaded {
  const median = (f: (r: Loaded) => number) => [...rounds.map(f)].sort((a, b) => a - b)[Math.floor(rounds.length / 2)];
  const requests = rounds.reduce((n, r) => n + r.requests, 0);
  const weighted = (f: (r: Loaded) => number) => rounds.reduce((s, r) => s + f(r) * r.requests, 0) / requests;
  return {
    requests,
    requestsPerSecond: median((r) => r.requestsPerSecond),
    p50: median((r) => r.p50),
    p99: median((r) => r.p99),
    failures: rounds.reduce((n, r) => n + r.failures, 0),
    cpuSeconds: rounds.reduce((s, r) => s + r.cpuSeconds, 0),
    serverUs: weighted((r) => r.serverUs),
    wrkUs: weighted((r) => r.wrkUs),
  };
}

export interface ConfigServer {
  config: GeneratedConfig;
  server: Child;
  /** Start-up to the "listening on" line of each start; the last one is the running server. */
  startups: number[];
  rssAfterStart: number;
  /** The wrk options that cycle over every phone with its own User-Agent. */
  load(seconds: number): WrkOptions;
}

/** Writes the config, starts the server `starts` times (timing each; the first creates the database), keeps the last. */
export async function startConfigServer(tmp: string, phones: number, starts: number): Promise<ConfigServer> {
  const config = writeMppConfig(join(tmp, "config"), phones);
  // 50,000 phones take a while to load on a busy machine; a start that does not finish in 3 minutes has failed.
  const start = () => startSwitchboard(config.dir, join(tmp, "switchboard.sqlite"), 180_000);
  const startups: number[] = [];
  for (let i = 0; i < starts - 1; i++) {
    const s = await start();
    startups.push(s.startupMs);
    await s.stop();
  }
  const server = await start();
  startups.push(server.startupMs);
  const script = urlListScript({
    dir: join(tmp, "wrk-config"),
    requests: config.macs.map((mac) => ({ path: `/${mac}.xml`, userAgent: phoneUserAgent(mac) })),
    threads: THREADS,
    mode: "cycle",
  });
  const url = `http://127.0.0.1:${portOf(server)}`;
  return {
    config,
    server,
    startups,
    rssAfterStart: memoryOf(server.pid).rssBytes,
    load: (seconds) => ({ url, threads: THREADS, connections: CONNECTIONS, seconds, ...script }),
  };
}

/** A first guess at a warm-up that asks every phone once (at a few thousand requests a second). */
export const warmupSeconds = (phones: number): number => Math.max(2, Math.ceil(phones / 2500));
// A warm-up round that did not reach every phone is run again, twice as long (each round starts at the first phone).
const MAX_WARMUP_SECONDS = 120;

/**
 * Loads a started config server: a warm-up until every phone was asked once (its first request renders and encodes
 * its profile and writes its first sighting: at 10,000 phones on a busy machine a fixed few seconds did not reach
 * them all, and the measured run then paid for first requests and read as a cost growing with the phones), then
 * `seconds` measured.
 */
export async function loadConfigServer(s: ConfigServer, seconds: number): Promise<Loaded & { warmupRequests: number; rssUnderLoad: number; peak: number }> {
  const phones = s.config.macs.length;
  let warm = await wrkWithCpu(s.server, s.load(warmupSeconds(phones)));
  for (let w = 2 * warmupSeconds(phones); warm.requests < phones && w <= MAX_WARMUP_SECONDS; w *= 2) warm = await wrkWithCpu(s.server, s.load(w));
  if (warm.requests < phones) console.log(`  (warm-up reached ${warm.requests} of ${phones} phones in ${MAX_WARMUP_SECONDS} s: the measured run includes first requests)`);
  const sampler = sampleMemory(s.server.pid);
  const r = await wrkWithCpu(s.server, s.load(seconds));
  return { ...r, warmupRequests: warm.requests, rssUnderLoad: sampler.stop(), peak: memoryOf(s.server.pid).peakBytes };
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The first start (a new database, every config file parsed from YAML) apart from the restarts after it (the
 * parsed config comes from storage/config-cache): the target is for a restart, the first is printed beside it.
 */
export function startupFigures(startups: number[]): { first: number; restart: number; text: string } {
  const [first, ...rest] = startups;
  const restart = rest.length ? median(rest) : first;
  return { first, restart, text: `restart ${fmtInt(restart)} ms (first start ${fmtInt(first)} ms: new database, config parsed from YAML)` };
}
