// Servers under test run as child processes, so their memory and start-up are their own: start one, wait
// for its "listening on" line, read its RSS from /proc, stop it.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";

/** A port that was free a moment ago on 127.0.0.1 (the child binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Child {
  pid: number;
  process: ChildProcess;
  /** From spawn to the "listening on" line on stdout. */
  startupMs: number;
  /** What the child wrote, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface ChildOptions {
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  /** Gives up when the child has not said "listening on" by then. */
  timeoutMs?: number;
}

export async function startChild(o: ChildOptions): Promise<Child> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, o.args, { cwd: o.cwd, env: { ...process.env, ...o.env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const startupMs = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start within ${o.timeoutMs ?? 15_000} ms:\n${out}`));
    }, o.timeoutMs ?? 15_000);
    child.stdout!.on("data", (d: Buffer) => {
      const wasListening = /listening on/.test(out);
      out += d.toString();
      if (!wasListening && /listening on/.test(out)) {
        clearTimeout(timer);
        resolve(Number(process.hrtime.bigint() - started) / 1e6);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} before listening:\n${out}`));
    });
  });
  child.removeAllListeners("exit");
  return {
    pid: child.pid!,
    process: child,
    startupMs,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

export interface Memory {
  /** Resident set size now (VmRSS). */
  rssBytes: number;
  /** Peak resident set size since start (VmHWM). */
  peakBytes: number;
}

/** Linux only: the process's resident memory from /proc/<pid>/status. */
export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
  return { rssBytes: kb("VmRSS"), peakBytes: kb("VmHWM") };
}

/** Linux only: CPU seconds (user + system) the process has used so far, from /proc/<pid>/stat. */
export function cpuSecondsOf(pid: number): number {
  return cpuSecondsIn(`/proc/${pid}/stat`);
}

/** user + system CPU seconds from a /proc stat file (a process's or one thread's). */
function cpuSecondsIn(statFile: string): number {
  const stat = readFileSync(statFile, "utf8");
  // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/**
 * A child's CPU seconds on its main thread (the event loop: its tid is the pid) and on all its other threads
 * together (workers, V8's garbage collection helpers, libuv's pool). Threads that ended are not counted.
 */
export function threadCpuSecondsOf(pid: number): { main: number; others: number } {
  let others = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    if (Number(tid) === pid) continue;
    try {
      others += cpuSecondsIn(`/proc/${pid}/task/${tid}/stat`);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return { main: cpuSecondsIn(`/proc/${pid}/task/${pid}/stat`), others };
}

// USER_HZ: 100 on every Linux we run on (getconf CLK_TCK).
const CLOCK_TICKS = 100;

/** Samples a child's RSS every `everyMs` until stopped; returns the highest VmRSS seen. */
export function sampleMemory(pid: number, everyMs = 200): { stop(): number } {
  let max = 0;
  const take = () => {
    try {
      max = Math.max(max, memoryOf(pid).rssBytes);
    } catch {
      // The child may be gone; the last sample stands.
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return max;
    },
  };
}
