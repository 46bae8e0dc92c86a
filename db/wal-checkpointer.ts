// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever commit pushes the WAL
// past 1,000 pages, on the committing thread (the server's only one), and ends with an fsync: at report-ingestion
// rates that was more than half the cost of storing a report. A worker thread with its own connection copies the
// WAL back into the database every half second instead (PASSIVE: it never waits for a writer nor blocks one); the
// server's own automatic checkpoint stays as a backstop at a much larger WAL, should the worker fall behind.
//
// The WAL starts over only when a commit finds it fully copied back. Under a sustained stream of writes (a
// provisioning storm stores ~13,000 pages a second) a PASSIVE pass never catches the last frames, so the WAL grew
// until the backstop had a commit on the event loop copy the rest and fsync the database: the pages the worker had
// copied and never synced, ~400 MB, a 0.6-1.8 s stall of the whole server once a storm (strace: fsync of the
// database file, then truncating the WAL). So the worker syncs the database after each pass (no lock held), and
// once the WAL is past RESTART_PAGES it checkpoints with RESTART: that holds off commits only while it copies the
// frames of the last few milliseconds (measured 1-26 ms), and the next commit starts the WAL over. The backstop
// stays for a worker that cannot keep up.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { Db } from "./open.ts";

export const CHECKPOINT_EVERY_MS = 500;
// Pages (4 KB each): about 400 MB of WAL before the committing thread checkpoints by itself.
export const BACKSTOP_PAGES = 100_000;
// What the WAL file is cut back to when it starts over (SQLite keeps a file's size otherwise, to overwrite it;
// cutting back 300 MB cost the committing thread 0.2 s).
export const JOURNAL_SIZE_LIMIT = 128 * 1024 * 1024;
// Half the size limit: a WAL restarted at the pass after it went past this still fits in the file uncut.
export const RESTART_PAGES = JOURNAL_SIZE_LIMIT / 2 / 4096;
// How long RESTART waits for the write lock and for readers before it gives up (busy).
const RESTART_WAIT_MS = 20;
// After a RESTART that gave up (a reader held an old snapshot: an admin's sqlite3 shell, a backup), the next try.
const RESTART_RETRY_MS = 10_000;

// Plain JavaScript, so the worker starts in milliseconds without the TypeScript loader.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { closeSync, fdatasyncSync, openSync } = require("node:fs");
const Database = require(workerData.driver);
const db = new Database(workerData.path);
const BUSY_MS = 1000;
db.pragma("busy_timeout = " + BUSY_MS);
const dbFile = openSync(workerData.path, "r");
let restartFrom = 0;
let copied = 0;
const copyBack = () => {
  const [{ log, checkpointed }] = db.pragma("wal_checkpoint(PASSIVE)");
  // Only after copying: an idle server's disk is not flushed twice a second.
  if (checkpointed !== copied) fdatasyncSync(dbFile);
  copied = checkpointed;
  return log;
};
const restart = () => {
  // Copied and synced just before, so RESTART has only the last few milliseconds' frames left to copy and sync.
  copyBack();
  db.pragma("busy_timeout = " + workerData.restartWaitMs);
  try {
    const [{ busy }] = db.pragma("wal_checkpoint(RESTART)");
    if (busy) restartFrom = Date.now() + workerData.restartRetryMs;
  } finally {
    db.pragma("busy_timeout = " + BUSY_MS);
  }
};
const checkpoint = () => {
  try {
    if (copyBack() > workerData.restartPages && Date.now() >= restartFrom) restart();
  } catch (err) {
    parentPort.postMessage({ code: err && err.code, message: String(err && err.message) });
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on("message", () => {
  clearInterval(timer);
  db.close();
  closeSync(dbFile);
  parentPort.close();
});
`;

export class WalCheckpointer {
  private worker?: Worker;
  private exited = false;

  constructor(
    private readonly db: Db,
    private readonly everyMs = CHECKPOINT_EVERY_MS,
    private readonly restartPages = RESTART_PAGES,
  ) {}

  /** `onError` hears each failed checkpoint, with SQLite's code (the backstop then keeps the WAL bounded). */
  start(onError: (err: { code?: string; message: string }) => void): void {
    const { db } = this;
    if (this.worker || db.memory || db.pragma("journal_mode", { simple: true }) !== "wal") return;
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    const workerData = { driver, path: db.name, everyMs: this.everyMs, restartPages: this.restartPages, restartWaitMs: RESTART_WAIT_MS, restartRetryMs: RESTART_RETRY_MS };
    const worker = new Worker(WORKER, { eval: true, workerData, execArgv: [] });
    worker.on("message", (err: { code?: string; message: string }) => onError(err));
    worker.on("error", (err) => onError({ message: err.message }));
    worker.on("exit", () => (this.exited = true));
    // The server's own handles keep it running; this thread alone does not.
    worker.unref();
    this.worker = worker;
  }

  /** Stops the worker after closing its connection; the server's last checkpoint happens when it closes the database. */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker || this.exited) return;
    // Held until it has closed its connection (it is unref'd, and a shutdown may have nothing else left).
    worker.ref();
    await new Promise<void>((resolve) => {
      worker.once("exit", () => resolve());
      worker.postMessage("stop");
    });
  }
}
