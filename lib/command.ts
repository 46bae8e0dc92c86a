// Runs a program with an argument list — never through a shell, so no argument is ever read as shell syntax —
// with a time limit and a cap on what it may print.
import { execFile } from "node:child_process";

export interface CommandResult {
  /** The exit code; null when it was killed (the time limit) or could not start. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Why it did not exit 0, in words for a log line. */
  failure?: string;
}

export interface CommandOptions {
  timeoutMs: number;
  /** Added to a minimal environment (PATH, LANG), not to ours: our secrets are not the program's. */
  env?: Record<string, string>;
  maxOutputBytes?: number;
}

export function runCommand(argv: string[], o: CommandOptions): Promise<CommandResult> {
  const [program, ...args] = argv;
  const env = { PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin", LANG: "C.UTF-8", ...o.env };
  return new Promise((resolve) => {
    execFile(program, args, { shell: false, timeout: o.timeoutMs, killSignal: "SIGKILL", maxBuffer: o.maxOutputBytes ?? 64 * 1024, env, windowsHide: true }, (err, stdout, stderr) => {
      if (!err) return resolve({ code: 0, stdout, stderr });
      const e = err as NodeJS.ErrnoException & { code?: string | number; killed?: boolean; signal?: string };
      const code = typeof e.code === "number" ? e.code : null;
      const failure = e.killed ? `killed after ${o.timeoutMs / 1000} s` : code !== null ? `exit code ${code}` : e.code === "ENOENT" ? `${program} not found` : String(e.code ?? e.signal ?? e.message);
      resolve({ code, stdout: String(stdout ?? ""), stderr: String(stderr ?? ""), failure });
    }).stdin?.end();
  });
}
