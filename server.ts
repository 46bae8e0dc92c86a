// Entry point: load config, open the database, build the route table, serve, shut down gracefully.
import { createServer, type Server } from "node:http";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { closeApp, createApp, type App } from "./core/app.ts";
import { plaintextPasswordUsers } from "./core/auth/roles.ts";
import { ConfigStore } from "./core/config/store.ts";
import { openDatabase } from "./db/open.ts";
import { createDispatcher } from "./lib/dispatch.ts";
import { clientAddress } from "./lib/ip.ts";
import { log } from "./lib/log.ts";
import { Router } from "./lib/router.ts";
import { listeningOrigins, originOf } from "./lib/same-origin.ts";
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
  const store = new ConfigStore(resolve(o.configDir ?? join(ROOT, "config")), { instance: o.instance, port });
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
  const server = createServer((req, res) => void dispatch(req, res));
  server.keepAliveTimeout = 65_000;
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

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8080);
  let running: RunningServer;
  try {
    running = await startServer({
      port,
      host: process.env.HOST ?? "0.0.0.0",
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
  const { config } = running.app.store;
  const base = config.switchboard.public_url;
  console.log(`Switchboard listening on http://${process.env.HOST ?? "0.0.0.0"}:${running.port}`);
  console.log(`  Profile_Rule:  ${base}/$MA.xml`);
  console.log(`  Report_Rule:   ${base}/report/$MA`);
  console.log(`  directoryURL:  ${base}/cisco/directory?key=<phone-book key>`);
  console.log(`  config: ${config.dir} (${config.phones.length} phones)${running.app.store.errors.length ? " — with errors, see /health" : ""}`);
  for (const w of config.warnings.slice(0, 20)) log.warn(w);
  if (config.warnings.length > 20) log.warn(`… and ${config.warnings.length - 20} more warnings (npm run cli -- config:check lists them all)`);
  const stop = (signal: string) => {
    log.info(`${signal}: shutting down`);
    running.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) void main();
