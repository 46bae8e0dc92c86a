// HTTP load from wrk (a C load generator): a load generator in Node costs more CPU per request than the server it
// measures and flatters every ratio. Parses wrk's summary and latency distribution, and reports wrk's own CPU
// time so a table can show the generator was not the bottleneck.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface WrkOptions {
  url: string;
  threads: number;
  connections: number;
  seconds: number;
  /** A Lua script (file path) for request(), setup() and init(). */
  script?: string;
  headers?: Record<string, string>;
  env?: Record<string, string>;
}

export interface WrkResult {
  requests: number;
  requestsPerSecond: number;
  /** Latency percentiles in milliseconds. */
  p50: number;
  p99: number;
  /** Answers other than 2xx/3xx, and socket errors. */
  failures: number;
  /** CPU seconds wrk itself used (user + system). */
  cpuSeconds: number;
}

export function hasWrk(): boolean {
  return spawnSync("wrk", ["--version"]).error === undefined;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };
const toMs = (value: string, unit: string) => Number(value) * UNIT_MS[unit];

/** Runs wrk in a shell that reports its children's CPU time afterwards (bash `times`). */
export function runWrk(o: WrkOptions): Promise<WrkResult> {
  // wrk takes whole seconds only ("1.5s" is a usage error).
  const args = ["-t", String(o.threads), "-c", String(o.connections), "-d", `${Math.max(1, Math.round(o.seconds))}s`, "--latency", "--timeout", "10s"];
  for (const [k, v] of Object.entries(o.headers ?? {})) args.push("-H", `${k}: ${v}`);
  if (o.script) args.push("-s", o.script);
  args.push(o.url);
  const quoted = args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", `wrk ${quoted}; status=$?; times; exit $status`], { env: { ...process.env, ...o.env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (out += d));
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`wrk failed (${code}): ${out.slice(-500)}`));
      try {
        resolve(parseWrk(out));
      } catch (err) {
        reject(err);
      }
    });
  });
}

export function parseWrk(out: string): WrkResult {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const total = /(\d+) requests in/.exec(out);
  const pct = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, "m").exec(out);
    return m ? toMs(m[1], m[2]) : NaN;
  };
  if (!rps || !total) throw new Error(`unexpected wrk output: ${out.slice(0, 500)}`);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = socket ? socket.slice(1).reduce((n, x) => n + Number(x), 0) : 0;
  // `times` prints the shell's user/system time, then its children's: "0m1.234s 0m0.456s".
  const times = [...out.matchAll(/^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/gm)].at(-1);
  const cpuSeconds = times ? Number(times[1]) * 60 + Number(times[2]) + Number(times[3]) * 60 + Number(times[4]) : NaN;
  return { requests: Number(total[1]), requestsPerSecond: Number(rps[1]), p50: pct("50"), p99: pct("99"), failures: non2xx + socketErrors, cpuSeconds };
}

export interface UrlListOptions {
  /** Where the script and its per-thread lists are written (a temporary folder of the benchmark). */
  dir: string;
  /** Request paths with, optionally, each one's User-Agent (a phone's own: identification reads it). */
  requests: { path: string; userAgent?: string }[];
  threads: number;
  /** "cycle": round-robin for as long as wrk runs; "once": each thread stops after its share (every URL new). */
  mode: "cycle" | "once";
}

/**
 * A Lua script that walks a list of URLs: thread t takes every threads-th entry from t on, so the threads together
 * send each one. With "once", a thread stops after its last answer: each URL is asked exactly once in the run.
 */
export function urlListScript(o: UrlListOptions): Pick<WrkOptions, "script" | "env"> {
  mkdirSync(o.dir, { recursive: true });
  for (let t = 0; t < o.threads; t++) {
    const mine = o.requests.filter((_, i) => i % o.threads === t);
    // One line per request: path, then a tab and the User-Agent when there is one.
    writeFileSync(join(o.dir, `${t}.txt`), mine.map((r) => (r.userAgent ? `${r.path}\t${r.userAgent}` : r.path)).join("\n") + "\n");
  }
  const script = join(o.dir, "urls.lua");
  writeFileSync(script, `
local threads = 0
function setup(thread) thread:set("id", threads); threads = threads + 1 end
function init(args)
  reqs = {}
  for line in io.lines(os.getenv("URL_LIST_DIR") .. "/" .. id .. ".txt") do
    local path, ua = line:match("^([^\\t]+)\\t(.*)$")
    if path then reqs[#reqs + 1] = wrk.format("GET", path, { ["User-Agent"] = ua })
    else reqs[#reqs + 1] = wrk.format("GET", line) end
  end
  sent = 0
  answered = 0
end
function request()
  sent = sent + 1
  return reqs[(sent - 1) % #reqs + 1]
end
${o.mode === "once" ? `function response(status, headers, body)
  answered = answered + 1
  if answered >= #reqs then wrk.thread:stop() end
end` : ""}
`);
  return { script, env: { URL_LIST_DIR: o.dir } };
}
