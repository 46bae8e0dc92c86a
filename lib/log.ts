// One-line logs on stderr. LOG_LEVEL=silent|error|warn|info|debug (default info; tests set silent).
// A URL's password (a phone-book URL, an upstream's error) is masked in every line, whoever wrote it.
// LOG_FILE=<path> also appends every line, at every level whatever LOG_LEVEL says, to that file: `make test` keeps
// the whole run's log there and searches it for the tests' secrets afterwards (tests/secrets-in-run-log.ts).
import { appendFileSync } from "node:fs";
import { maskUrlPasswords } from "./url-password.ts";

type Level = "error" | "warn" | "info" | "debug";
const ORDER: Record<Level | "silent", number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

function enabled(level: Level): boolean {
  const configured = (process.env.LOG_LEVEL ?? "info") as Level | "silent";
  return ORDER[level] <= (ORDER[configured] ?? ORDER.info);
}

function write(level: Level, message: string): void {
  const file = process.env.LOG_FILE;
  if (!file && !enabled(level)) return;
  const line = `${new Date().toISOString()} ${level.toUpperCase()} ${maskUrlPasswords(message)}\n`;
  if (enabled(level)) process.stderr.write(line);
  if (file) appendFileSync(file, line);
}

export const log = {
  error: (message: string) => write("error", message),
  warn: (message: string) => write("warn", message),
  info: (message: string) => write("info", message),
  debug: (message: string) => write("debug", message),
};

/** Request data fit for a log line: one line, at most `max` characters (a 16 KB header stays out of the log). */
export function oneLine(text: string, max = 200): string {
  const flat = text.slice(0, max + 1).replace(/[\r\n\t]/g, " ");
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
