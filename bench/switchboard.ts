// Starts the real server (`node --import tsx server.ts`) as a child process on a config folder and SQLite
// file, with the production node flags (BENCH_NODE_FLAGS) and, when asked, a CPU profile (BENCH_CPU_PROF).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, startChild, type Child } from "./child.ts";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

export async function startSwitchboard(configDir: string, dbPath: string, timeoutMs?: number): Promise<Child> {
  return startChild({
    cwd: ROOT,
    args: [...nodeArgs(), "--import", "tsx", "server.ts"],
    env: {
      PORT: String(await freePort()),
      HOST: "127.0.0.1",
      SWITCHBOARD_CONFIG_DIR: configDir,
      SWITCHBOARD_DB: dbPath,
      LOG_LEVEL: "silent",
    },
    timeoutMs,
  });
}

/** The port a child announced in its "listening on" line. */
export function portOf(child: Child): number {
  return Number(/listening on \S*?(\d+)\s*$/m.exec(child.output())?.[1]);
}

/**
 * BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each server child there (open it in Chrome DevTools);
 * BENCH_NODE_FLAGS adds node flags to it (e.g. "--max-semi-space-size=4").
 */
function nodeArgs(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return [...nodeFlags(), ...(dir ? ["--cpu-prof", `--cpu-prof-dir=${dir}`] : [])];
}

/** The production node flags (BENCH_NODE_FLAGS), for any child that runs server code. */
export function nodeFlags(): string[] {
  return (process.env.BENCH_NODE_FLAGS ?? "").split(/\s+/).filter(Boolean);
}
