// A real Switchboard on 127.0.0.1:0 with its own temporary config folder and SQLite file.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type RunningServer, type ServerOptions } from "../../server.ts";

process.env.LOG_LEVEL ??= "silent";

export interface TestServer extends RunningServer {
  configDir: string;
  dbPath: string;
  /** Writes (or replaces) a config file and reloads the config synchronously. */
  writeConfig(file: string, yaml: string, reload?: boolean): void;
  get(path: string, init?: RequestInit): Promise<TestResponse>;
  request(path: string, init?: RequestInit): Promise<TestResponse>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  body: string;
}

/** Phones are allowed from 127.0.0.1 unless a test passes its own serviceconfig.yml. */
export const LOOPBACK_SERVICECONFIG = "ip_whitelist:\n  - 127.0.0.1\nauth:\n  enabled: false\n";

/** Sign-in on, with an admin (admin / admin-pass) and a monitor (monitor / monitor-pass). */
export const ADMIN_AND_MONITOR_SERVICECONFIG = `ip_whitelist: [127.0.0.1]
auth:
  enabled: true
  users:
    admin: {username: admin, password: admin-pass, role: admin}
    monitor: {username: monitor, password: monitor-pass, role: monitor}
`;

export async function startTestServer(files: Record<string, string> = {}, options: ServerOptions = {}): Promise<TestServer> {
  const root = mkdtempSync(join(tmpdir(), "switchboard-test-"));
  const configDir = join(root, "config");
  const dbPath = join(root, "switchboard.sqlite");
  const write = (file: string, yaml: string) => writeFileSync(join(configDir, file), yaml);
  await import("node:fs").then((fs) => fs.mkdirSync(configDir));
  write("serviceconfig.yml", LOOPBACK_SERVICECONFIG);
  for (const [file, yaml] of Object.entries(files)) write(file, yaml);
  const running = await startServer({ port: 0, host: "127.0.0.1", configDir, dbPath, watchConfig: false, ...options });
  const request = async (path: string, init?: RequestInit): Promise<TestResponse> => {
    const res = await fetch(running.url + path, { redirect: "manual", ...init });
    return { status: res.status, headers: res.headers, body: await res.text() };
  };
  return {
    ...running,
    configDir,
    dbPath,
    writeConfig(file, yaml, reload = true) {
      write(file, yaml);
      if (reload) running.app.store.reload();
    },
    get: (path, init) => request(path, { ...init, method: "GET" }),
    request,
    async close() {
      await running.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
