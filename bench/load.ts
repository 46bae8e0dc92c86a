// A small HTTP load generator in plain Node: N keep-alive connections, each issuing requests back to back,
// stopped by whichever comes first of a request count and a time limit. Only ever aims at 127.0.0.1.
import { Agent, request } from "node:http";

export interface LoadOptions {
  port: number;
  /** Request paths, used round-robin across all connections ("/001122334455.xml"). */
  paths: string[];
  connections: number;
  /** Stop after this many requests in total… */
  maxRequests: number;
  /** …or after this many seconds, whichever comes first. */
  maxSeconds: number;
  method?: string;
  headers?: Record<string, string>;
  /** Body for POST/PUT, sent with every request. */
  body?: Buffer;
}

export interface LoadResult {
  requests: number;
  /** Responses whose status was not 2xx, and transport errors. */
  failures: number;
  firstFailure?: string;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Response body bytes received, per request on average. */
  meanBodyBytes: number;
  /** Every request's latency in microseconds, sorted (for merging rounds). */
  latenciesUs: Float64Array;
  bodyBytes: number;
}

const HOST = "127.0.0.1";
const STRAGGLER_MS = 5_000;

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  if (o.paths.length === 0) throw new Error("runLoad needs at least one path");
  const agent = new Agent({ keepAlive: true, maxSockets: o.connections, maxFreeSockets: o.connections });
  // Latencies in microseconds; preallocated so recording costs nothing measurable.
  const latencies = new Float64Array(o.maxRequests);
  let issued = 0;
  let done = 0;
  let failures = 0;
  let bodyBytes = 0;
  let firstFailure: string | undefined;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(o.maxSeconds * 1e9));

  const one = (path: string): Promise<void> =>
    new Promise((resolve) => {
      const t0 = process.hrtime.bigint();
      const fail = (why: string) => {
        failures++;
        firstFailure ??= why;
      };
      const req = request({ host: HOST, port: o.port, path, method: o.method ?? "GET", agent, headers: o.headers }, (res) => {
        res.on("data", (chunk: Buffer) => (bodyBytes += chunk.length));
        res.on("end", () => {
          if (res.statusCode! < 200 || res.statusCode! > 299) fail(`${res.statusCode} for ${path}`);
          latencies[done++] = Number(process.hrtime.bigint() - t0) / 1000;
          resolve();
        });
        res.on("error", (err) => {
          fail(`${err.message} for ${path}`);
          resolve();
        });
      });
      req.on("error", (err) => {
        fail(`${err.message} for ${path}`);
        latencies[done++] = Number(process.hrtime.bigint() - t0) / 1000;
        resolve();
      });
      req.end(o.body);
    });

  const connection = async () => {
    while (issued < o.maxRequests && process.hrtime.bigint() < deadline) {
      const path = o.paths[issued++ % o.paths.length];
      await one(path);
    }
  };
  // A server that stops answering must not hang the benchmark: shortly after the time limit, the connections
  // are cut and the requests still waiting count as failures.
  const watchdog = setTimeout(() => agent.destroy(), o.maxSeconds * 1000 + STRAGGLER_MS);
  await Promise.all(Array.from({ length: o.connections }, connection));
  clearTimeout(watchdog);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();

  return summarize([{ latenciesUs: latencies.subarray(0, done), failures, firstFailure, seconds, bodyBytes }]);
}

type Round = Pick<LoadResult, "latenciesUs" | "failures" | "firstFailure" | "seconds" | "bodyBytes">;

/** One result from several rounds against the same server (interleaved with rounds against another). */
export function summarize(rounds: Round[]): LoadResult {
  const count = rounds.reduce((n, r) => n + r.latenciesUs.length, 0);
  const sorted = new Float64Array(count);
  let at = 0;
  for (const r of rounds) {
    sorted.set(r.latenciesUs, at);
    at += r.latenciesUs.length;
  }
  sorted.sort();
  const seconds = rounds.reduce((s, r) => s + r.seconds, 0);
  const bodyBytes = rounds.reduce((s, r) => s + r.bodyBytes, 0);
  const pct = (p: number) => (count === 0 ? NaN : sorted[Math.min(count - 1, Math.ceil((p / 100) * count) - 1)] / 1000);
  return {
    requests: count,
    failures: rounds.reduce((n, r) => n + r.failures, 0),
    firstFailure: rounds.find((r) => r.firstFailure)?.firstFailure,
    seconds,
    requestsPerSecond: count / seconds,
    p50Ms: pct(50),
    p99Ms: pct(99),
    maxMs: count === 0 ? NaN : sorted[count - 1] / 1000,
    meanBodyBytes: count === 0 ? 0 : bodyBytes / count,
    latenciesUs: sorted,
    bodyBytes,
  };
}
