// Entry point: load config, open the database, build the route table, serve, shut down gracefully.
import type { RequestListener, Server } from "node:http";
import type { Server as HttpsServer } from "node:https";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { closeApp, createApp, type App } from "./core/app.ts";
import { plaintextPasswordUsers } from "./core/auth/roles.ts";
import { ConfigStore } from "./core/config/store.ts";
import { tlsFiles } from "./core/config/tls-settings.ts";
import { startupBanner } from "./core/startup-banner.ts";
import { openDatabase } from "./db/open.ts";
import { createDispatcher } from "./lib/dispatch.ts";
import { clientAddress } from "./lib/ip.ts";
import { log } from "./lib/log.ts";
import { Router } from "./lib/router.ts";
import { listeningOrigins, originOf } from "./lib/same-origin.ts";
import { createLimitedHttpsServer, createLimitedServer, DEFAULT_SERVER_LIMITS, type ServerLimits } from "./lib/server-limits.ts";
import { readPemFiles, watchPemFiles } from "./lib/tls.ts";
import { YamlParseCache } from "./lib/yaml-cache.ts";
import { phone } from "./routes/guards.ts";
import { PROFILE_PATH, routes } from "./routes/table.ts";

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
  /** Keep parsed config files as JSON beside the database between starts (lib/yaml-cache.ts; off unless asked). */
  configParseCache?: boolean;
  /** Checkpoint the WAL from a worker thread (off unless asked, like contactSync: SQLite's own checkpoint otherwise). */
  walCheckpointer?: boolean;
  /** Timeouts and connection caps (DEFAULT_SERVER_LIMITS unless given; tests shorten them). */
  limits?: Partial<ServerLimits>;
  /** How often the HTTPS certificate, key and client CA files are checked for a change (2 s unless given). */
  tlsPollMs?: number;
}

export interface RunningServer {
  server: Server;
  app: App;
  url: string;
  port: number;
  /** The HTTPS listener of switchboard.yml `tls:`, when its port is set. */
  https?: { server: HttpsServer; port: number; url: string };
  close(): Promise<void>;
}

export async function startServer(o: ServerOptions = {}): Promise<RunningServer> {
  const port = o.port ?? 8080;
  const host = o.host ?? "0.0.0.0";
  const dbPath = resolve(o.dbPath ?? join(ROOT, "storage", "switchboard.sqlite"));
  const parseCache = o.configParseCache ? new YamlParseCache(join(dirname(dbPath), "config-cache")) : undefined;
  const store = new ConfigStore(resolve(o.configDir ?? join(ROOT, "config")), { instance: o.instance, port, host, parseCache });
  const limits = { ...DEFAULT_SERVER_LIMITS, ...o.limits };
  const exempt = (address: string) => store.config.trustedProxies.has(address);
  // Certificates before anything else: a file that cannot be read stops the start before the database is opened.
  const https = httpsListener(store, (req, res) => void dispatch(req, res), limits, exempt, o.tlsPollMs ?? 2_000);
  const db = openDatabase(dbPath);
  const app = createApp(store, db, { publicDir: join(ROOT, "public"), instance: o.instance });
  await app.provisioningHooks.load();
  let listening: string[] = [];
  // The phones' routes are ready when the server listens; other modules load on their URL's first request.
  const router = new Router(routes);
  await router.preload((route) => route.guard === phone);
  const dispatch = createDispatcher<App>({
    router,
    app,
    clientIp: (req) => clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], store.config.trustedProxies),
    ownOrigins: () => new Set([originOf(store.config.switchboard.public_url), ...listening]),
    problemOf: (err) => app.storage.problemFor(err),
    onReply: (_req, route, _status, seconds) => {
      if (route?.path === PROFILE_PATH) app.metrics.configDuration.observe(seconds);
    },
  });
  const plaintext = plaintextPasswordUsers(store.config.service.auth);
  if (plaintext.length) log.warn(`serviceconfig.yml: user(s) ${plaintext.join(", ")} have plaintext passwords; store scrypt hashes instead (npm run cli -- auth:hash-password)`);
  await app.tftp.start(store.config.switchboard.tftp);
  const server = createLimitedServer((req, res) => void dispatch(req, res), limits, { exempt });
  await listen(server, port, host);
  if (https) await listenHttps(https.server, store.config.switchboard.tls.port!, host);
  app.sightings.start();
  app.activity.start();
  app.profileVersions.start();
  app.directorySearch.readOrders(db);
  if (o.watchConfig !== false) store.watch();
  if (o.contactSync) app.scheduler.start();
  if (o.accountCleanup) app.accountCleanup.start();
  if (o.walCheckpointer) {
    let logged = false;
    app.walCheckpointer.start((err) => {
      // A full or read-only disk shows on /health as any other write's would; the log says it once.
      app.storage.note(err);
      if (!logged) log.warn(`background WAL checkpoint failed (SQLite checkpoints by itself instead): ${err.message}`);
      logged = true;
    });
  }
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  store.listeningOn(actualPort);
  const httpsPort = https ? portOf(https.server) : undefined;
  listening = [...listeningOrigins(host, actualPort), ...(httpsPort === undefined ? [] : listeningOrigins(host, httpsPort, "https"))];
  let closing: Promise<void> | undefined;
  return {
    server,
    app,
    port: actualPort,
    url: `http://127.0.0.1:${actualPort}`,
    https: https && { server: https.server, port: httpsPort!, url: `https://127.0.0.1:${httpsPort}` },
    close: () =>
      (closing ??= (async () => {
        store.close();
        https?.stopWatching();
        await Promise.all([server, ...(https ? [https.server] : [])].map((s) => new Promise<void>((ok) => {
          s.close(() => ok());
          s.closeAllConnections();
        })));
        await closeApp(app);
        db.close();
      })()),
  };
}

function listen(server: Server | HttpsServer, port: number, host: string): Promise<void> {
  return new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      ok();
    });
  });
}

/** The HTTPS port's own line: main()'s messages name PORT, which is the HTTP one. */
async function listenHttps(server: HttpsServer, port: number, host: string): Promise<void> {
  try {
    await listen(server, port, host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new Error(`switchboard.yml tls.port ${port} is already in use: stop the other server or choose another port.`);
    if (code === "EACCES") throw new Error(`Not allowed to listen on tls.port ${port}: use a port above 1023 or run with the needed rights (README "HTTPS").`);
    throw err;
  }
}

function portOf(server: Server | HttpsServer): number {
  const address = server.address();
  return typeof address === "object" && address ? address.port : 0;
}

/**
 * The HTTPS listener of switchboard.yml `tls:` (README "HTTPS"): the same dispatcher and limits as HTTP. With a
 * client CA, clients are asked for a certificate but not refused without one (admin pages need none); the phone
 * guard decides per request. A changed certificate, key or CA file is loaded without a restart; a file that
 * fails then keeps the last good one.
 */
function httpsListener(store: ConfigStore, handler: RequestListener, limits: ServerLimits, exempt: (address: string) => boolean, pollMs: number) {
  const files = tlsFiles(store.config.switchboard.tls, store.dir);
  if (!files) return undefined;
  const server = createLimitedHttpsServer(handler, limits, { ...readPemFiles(files), requestCert: files.ca !== undefined, rejectUnauthorized: false }, { exempt });
  const started = store.config.switchboard.tls;
  let current = files;
  const reload = () => {
    try {
      server.setSecureContext(readPemFiles(current));
      log.info(`TLS certificate, key and client CA reloaded from ${current.cert}`);
    } catch (err) {
      log.error(`${(err as Error).message} (keeping the certificate in use)`);
    }
  };
  let stopWatching = watchPemFiles(current, reload, pollMs);
  store.onReload((config) => {
    const next = tlsFiles(config.switchboard.tls, config.dir);
    if (!next || config.switchboard.tls.port !== started.port || (next.ca === undefined) !== (files.ca === undefined)) {
      log.warn("switchboard.yml tls: a new port, or client_ca set or removed, takes effect at the next start");
    }
    // Without a client CA at start the server does not ask for client certificates: a new one waits for the restart.
    const wanted = next && { ...next, ca: files.ca === undefined ? undefined : next.ca };
    if (!wanted || JSON.stringify(wanted) === JSON.stringify(current)) return;
    stopWatching();
    current = wanted;
    stopWatching = watchPemFiles(current, reload, pollMs);
    reload();
  });
  return { server, stopWatching: () => stopWatching() };
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
      walCheckpointer: true,
      configParseCache: true,
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "EADDRINUSE") console.error(`Port ${port} is already in use: stop the other server or set PORT=… (PORT=0 picks a free one).`);
    else if (e.code === "EACCES") console.error(`Not allowed to listen on port ${port}: use a port above 1023 or run with the needed rights.`);
    else console.error(`Switchboard could not start: ${e.message}`);
    process.exit(1);
  }
  // Handlers first: a signal that came while the banner is written would otherwise end the process mid-banner.
  const stop = (signal: string) => {
    log.info(`${signal}: shutting down`);
    running.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  const banner = startupBanner(running.app.store.config, running.app.db, { host, port: running.port, httpsPort: running.https?.port }, running.app.store.errors.length);
  for (const line of banner.lines) console.log(line);
  for (const warning of banner.warnings) log.warn(warning);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) void main();
