// Entry point: load config, open the database, build the route table, serve, shut down gracefully.
import type { Server } from "node:http";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { closeApp, createApp, type App } from "./core/app.ts";
import { plaintextPasswordUsers } from "./core/auth/roles.ts";
import { ConfigStore } from "./core/config/store.ts";
import { startupBanner } from "./core/startup-banner.ts";
import { openDatabase } from "./db/open.ts";
import { createDispatcher } from "./lib/dispatch.ts";
import { clientAddress } from "./lib/ip.ts";
import { log } from "./lib/log.ts";
import { Router } from "./lib/router.ts";
import { listeningOrigins, originOf } from "./lib/same-origin.ts";
import { createLimitedServer, DEFAULT_SERVER_LIMITS, type ServerLimits } from "./lib/server-limits.ts";
import * as mppProfile from "./routes/mpp/profile.ts";
import { routes } from "./routes/table.ts";

const ROOT = dirname(fileURLToPath(import.meta.url));

export interface ServerOptions {
  port?: number;
  host?: string;
  configDir?: string;
  dbPath?: string;
  instance?: string;
  /** Watch the config folder and reload on change (on by default). */
  watchConfig?: boolean;
  /** Sync contact sources on schedule (off unless asked: main() turns it on, tests leave it off). */
  contactSync?: boolean;
  /** Delete expired API keys and old Digest nonces on a timer (off unless asked, like contactSync). */
  accountCleanup?: boolean;
  /** Timeouts and connection caps (DEFAULT_SERVER_LIMITS unless given; tests shorten them). */
  limits?: Partial<ServerLimits>;
}

export interface RunningServer {
  server: Server;
  app: App;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startServer(o: ServerOptions = {}): Promise<RunningServer> {
  const port = o.port ?? 8080;
  const host = o.host ?? "0.0.0.0";
  const store = new ConfigStore(resolve(o.configDir ?? join(ROOT, "config")), { instance: o.instance, port, host });
  const db = openDatabase(resolve(o.dbPath ?? join(ROOT, "storage", "switchboard.sqlite")));
  const app = createApp(store, db, { publicDir: join(ROOT, "public"), instance: o.instance });
  await app.provisioningHooks.load();
  let listening: string[] = [];
  const dispatch = createDispatcher<App>({
    router: new Router(routes),
    app,
    clientIp: (req) => clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], store.config.trustedProxies),
    ownOrigins: () => new Set([originOf(store.config.switchboard.public_url), ...listening]),
    onReply: (_req, route, _status, seconds) => {
      if (route?.module === mppProfile) app.metrics.configDuration.observe(seconds);
    },
  });
  const plaintext = plaintextPasswordUsers(store.config.service.auth);
  if (plaintext.length) log.warn(`serviceconfig.yml: user(s) ${plaintext.join(", ")} have plaintext passwords; store scrypt hashes instead (npm run cli -- auth:hash-password)`);
  const limits = { ...DEFAULT_SERVER_LIMITS, ...o.limits };
  await app.tftp.start(store.config.switchboard.tftp);
  const server = createLimitedServer((req, res) => void dispatch(req, res), limits, { exempt: (address) => store.config.trustedProxies.has(address) });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      ok();
    });
  });
  app.sightings.start();
  app.activity.start();
  if (o.watchConfig !== false) store.watch();
  if (o.contactSync) app.scheduler.start();
  if (o.accountCleanup) app.accountCleanup.start();
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  store.listeningOn(actualPort);
  listening = listeningOrigins(host, actualPort);
  let closing: Promise<void> | undefined;
  return {
    server,
    app,
    port: actualPort,
    url: `http://127.0.0.1:${actualPort}`,
    close: () =>
      (closing ??= (async () => {
        store.close();
        await new Promise<void>((ok) => {
          server.close(() => ok());
          server.closeAllConnections();
        });
        await closeApp(app);
        db.close();
      })()),
  };
}

/** PORT as a number; anything else exits with a line naming PORT (Number("abc") would reach listen() as NaN). */
function portFromEnv(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return 8080;
  if (/^\d{1,5}$/.test(value.trim()) && Number(value) <= 65535) return Number(value);
  console.error(`PORT must be a port number from 0 to 65535, not "${value.slice(0, 40)}".`);
  process.exit(1);
}

async function main(): Promise<void> {
  const port = portFromEnv(process.env.PORT);
  const host = process.env.HOST ?? "0.0.0.0";
  let running: RunningServer;
  try {
    running = await startServer({
      port,
      host,
      configDir: process.env.SWITCHBOARD_CONFIG_DIR,
      dbPath: process.env.SWITCHBOARD_DB,
      instance: process.env.SWITCHBOARD_INSTANCE || undefined,
      contactSync: true,
      accountCleanup: true,
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "EADDRINUSE") console.error(`Port ${port} is already in use: stop the other server or set PORT=… (PORT=0 picks a free one).`);
    else if (e.code === "EACCES") console.error(`Not allowed to listen on port ${port}: use a port above 1023 or run with the needed rights.`);
    else console.error(`Switchboard could not start: ${e.message}`);
    process.exit(1);
  }
  const banner = startupBanner(running.app.store.config, running.app.db, { host, port: running.port }, running.app.store.errors.length);
  for (const line of banner.lines) console.log(line);
  for (const warning of banner.warnings) log.warn(warning);
  const stop = (signal: string) => {
    log.info(`${signal}: shutting down`);
    running.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) void main();
