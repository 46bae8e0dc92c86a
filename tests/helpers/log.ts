// What the server logs, read by tests: lib/log.ts writes to stderr, so stderr is captured at a chosen level.
import type { TestContext } from "node:test";

/** Captures log lines at `level` until `stop()`, which puts stderr and LOG_LEVEL back as they were (once). */
export function startLogCapture(level: string): { lines: string[]; stop(): void } {
  const lines: string[] = [];
  const write = process.stderr.write;
  const previous = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = level;
  process.stderr.write = ((chunk: string) => (lines.push(String(chunk)), true)) as typeof process.stderr.write;
  let stopped = false;
  return {
    lines,
    stop() {
      if (stopped) return;
      stopped = true;
      process.stderr.write = write;
      if (previous === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = previous;
    },
  };
}

/** The log lines at `level` written while the test runs. */
export function captureLog(t: Pick<TestContext, "after">, level: string): string[] {
  const capture = startLogCapture(level);
  t.after(() => capture.stop());
  return capture.lines;
}
