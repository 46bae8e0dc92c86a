// When SQLite itself fails — the disk is full, the file or its folder became read-only, the disk reports an I/O
// error, another process holds the write lock past busy_timeout — a request gets a 503 with a sentence and
// Retry-After instead of a generic 500, and /health reports the database degraded for a while after.
import { Unavailable } from "../lib/errors.ts";
import { log } from "../lib/log.ts";

interface Fault {
  /** What the person who asked reads. */
  message: string;
  retryAfterSeconds: number;
}

// By primary result code: extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED, SQLITE_BUSY_SNAPSHOT…)
// share their primary code's prefix.
const FAULTS: [prefix: string, fault: Fault][] = [
  ["SQLITE_FULL", { message: "The database's disk is full, so nothing was saved. Try again later; an administrator must free disk space.", retryAfterSeconds: 60 }],
  ["SQLITE_READONLY", { message: "The database is read-only at the moment, so nothing was saved. Try again later; an administrator must make it writable.", retryAfterSeconds: 60 }],
  ["SQLITE_IOERR", { message: "The database's disk reported an error, so the request was not completed. Try again later.", retryAfterSeconds: 60 }],
  ["SQLITE_CANTOPEN", { message: "The database's files cannot be opened, so the request was not completed. Try again later.", retryAfterSeconds: 60 }],
  ["SQLITE_BUSY", { message: "The database is busy with another writer. Try again in a moment.", retryAfterSeconds: 5 }],
  ["SQLITE_LOCKED", { message: "The database is busy with another writer. Try again in a moment.", retryAfterSeconds: 5 }],
];

/** How long a failed database operation keeps /health degraded (no success is tracked: writes are everywhere). */
export const FAULT_MEMORY_MS = 60_000;

export interface StorageFault {
  code: string;
  message: string;
  at: Date;
}

/** The database's last fault, for /health; the App owns one. */
export class StorageFaults {
  private last: StorageFault | undefined;

  /** The Unavailable a SQLite error means, remembered for /health; undefined for any other error. */
  problemFor(err: unknown): Unavailable | undefined {
    const fault = this.note(err);
    if (!fault) return undefined;
    log.warn(`database: ${this.last!.code} (${(err as Error).message})`);
    return new Unavailable(fault.message, { retryAfterSeconds: fault.retryAfterSeconds });
  }

  /** Remembers a SQLite fault for /health (a background write that failed, logged by its writer). */
  note(err: unknown): Fault | undefined {
    const code = (err as { code?: unknown } | undefined)?.code;
    if (typeof code !== "string") return undefined;
    const fault = FAULTS.find(([prefix]) => code.startsWith(prefix))?.[1];
    if (fault) this.last = { code, message: fault.message, at: new Date() };
    return fault;
  }

  /** The fault of the last FAULT_MEMORY_MS, if any. */
  recent(now = Date.now()): StorageFault | undefined {
    return this.last && now - this.last.at.getTime() < FAULT_MEMORY_MS ? this.last : undefined;
  }
}
