// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever commit pushes the WAL
// past 1,000 pages, on the committing thread (the server's only one), and ends with an fsync: at report-ingestion
// rates that was more than half the cost of storing a report. A worker thread with its own connection copies the
// WAL back into the database every half second instead (PASSIVE: it never waits for a writer nor blocks one); the
// server's own automatic checkpoint stays as a backstop at a much larger WAL, should the worker fall behind.
//
// The backstop counts every frame since the WAL last started over, and it starts over only when a commit finds
// it fully copied back: under a sustained stream of writes (a provisioning storm stores ~13,000 pages a second)
// the worker never catches the last frames, so the WAL grows until the backstop has the committing thread copy and
// fsync itself. At 10,000 pages that came every ~300 reports of a storm and cost the event loop 1.4 s of 5,000
// reports; at 100,000 it comes about once a storm. After a burst the WAL file is cut back to JOURNAL_SIZE_LIMIT.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { Db } from "./open.ts";

export const CHECKPOINT_EVERY_MS = 500;
// Pages (4 KB each): about 400 MB of WAL before the committing thread checkpoints by itself.
export const BACKSTOP_PAGES = 100_000;
// What the WAL file is cut back to when it starts over (SQLite keeps a file's size otherwise, to overwrite it).
export const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

// Plain JavaScript, so the worker starts in milliseconds without the TypeScript loader.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma("busy_timeout = 1000");
const checkpoint = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (err) {
    parentPort.postMessage({ code: err && err.code, message: String(err && err.message) });
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export class WalCheckpointer {
  private worker?: Worker;
  private exited = false;

  constructor(private readonly db: Db, private readonly everyMs = CHECKPOINT_EVERY_MS) {}

  /** `onError` hears each failed checkpoint, with SQLite's code (the backstop then keeps the WAL bounded). */
  start(onError: (err: { code?: string; message: string }) => void): void {
    const { db } = this;
    if (this.worker || db.memory || db.pragma("journal_mode", { simple: true }) !== "wal") return;
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    const worker = new Worker(WORKER, { eval: true, workerData: { driver, path: db.name, everyMs: this.everyMs }, execArgv: [] });
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
