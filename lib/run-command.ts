// Runs an outside program the safe way: an argv array and no shell (no argument is ever parsed by anyone but the
// program), a deadline after which it is killed, and only a bounded amount of its output kept.
import { spawn } from "node:child_process";

export interface CommandResult {
  /** The exit code; null when it ended by a signal (its own, or ours at the deadline). */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** It was still running at the deadline and was killed. */
  timedOut: boolean;
  /** The start of its output (at most `maxOutputBytes` of each stream). */
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  timeoutMs: number;
  maxOutputBytes?: number;
  /** Added to a minimal environment (PATH, LANG), never to ours: our secrets are not the program's. */
  env?: Record<string, string>;
  /** Aborting kills the program (a server that stops); the promise then rejects with an AbortError. */
  signal?: AbortSignal;
}

/**
 * Runs `file` with `args` and resolves when it has ended (or was killed at the deadline). Rejects only when it
 * could not be started at all (ENOENT, EACCES: the error's `code` says which) or was aborted.
 */
export function runCommand(file: string, args: string[], o: CommandOptions): Promise<CommandResult> {
  const max = o.maxOutputBytes ?? 16 * 1024;
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin", LANG: "C.UTF-8", ...o.env };
    const child = spawn(file, args, { shell: false, env, stdio: ["ignore", "pipe", "pipe"], signal: o.signal, killSignal: "SIGKILL" });
    const out = { stdout: new BoundedText(max), stderr: new BoundedText(max) };
    child.stdout.on("data", (c: Buffer) => out.stdout.add(c));
    child.stderr.on("data", (c: Buffer) => out.stderr.add(c));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, o.timeoutMs);
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    // "close", not "exit": both output streams are read to their end by then.
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout: out.stdout.text(), stderr: out.stderr.text() });
    });
  });
}

/** Keeps the first `max` bytes it is given and drops the rest (the stream is still drained). */
class BoundedText {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly max: number) {}

  add(chunk: Buffer): void {
    if (this.size >= this.max) return;
    const part = chunk.subarray(0, this.max - this.size);
    this.chunks.push(part);
    this.size += part.length;
  }

  text(): string {
    return Buffer.concat(this.chunks, this.size).toString("utf8");
  }
}

/** How a command that did not succeed ended, in words for a log line (never its output, which may hold secrets). */
export function howItEnded(r: CommandResult, timeoutMs: number): string {
  if (r.timedOut) return `killed after ${timeoutMs / 1000} s`;
  if (r.code !== null) return `exit code ${r.code}`;
  return `ended by ${r.signal ?? "a signal"}`;
}
