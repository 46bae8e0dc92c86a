// The real server as `make run` starts it (`node --import tsx server.ts`, PORT=0) in a child process: for tests
// that must kill it (kill -9) or watch what the process itself does.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { TestContext } from "node:test";

const ROOT = join(import.meta.dirname, "..", "..");

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stderr: () => string;
  /** Resolves when the process has exited (by itself or killed). */
  exited: Promise<void>;
}

/** Starts the server on 127.0.0.1 with the given config folder and database; killed (SIGKILL) after the test. */
export async function startServerProcess(t: TestContext, o: { configDir: string; dbPath: string; env?: Record<string, string> }): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "server.ts")], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", SWITCHBOARD_CONFIG_DIR: o.configDir, SWITCHBOARD_DB: o.dbPath, SWITCHBOARD_INSTANCE: "", LOG_LEVEL: "warn", ...o.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  });
  const port = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the server did not listen within 30 s: ${err}`)), 30_000);
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /listening on http:\/\/[^\s:]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    void exited.then(() => fail(new Error(`the server exited before listening: ${err}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child, stderr: () => err, exited };
}
