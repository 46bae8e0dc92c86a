// Config-request sightings are kept in memory and written to SQLite in batches (about once a second and at
// shutdown), so the profile hot path never waits for a disk write. A request's time is kept as a number and
// formatted when the batch is written: once per phone per flush, not once per request.
import type { Db } from "../../db/open.ts";
import { saveConfigSightings, type ConfigSighting } from "../../db/sightings.ts";
import { log } from "../../lib/log.ts";

// The timer writes a second's sightings a slice per event-loop turn: 1,000 phones in one transaction held
// the loop for 8-9 ms every second under the make bench load, which was most of the config requests' p99.
const SLICE_ROWS = 100;

/** Who asked: the same object may be passed for every request of a phone (core/mpp/answer-memo.ts does). */
export type SeenPhone = Omit<ConfigSighting, "requests" | "at">;

/** A sighting not yet written; `at` in epoch milliseconds until the batch is written. */
type PendingSighting = Omit<ConfigSighting, "at"> & { at: string | number };

export class SightingBuffer {
  private pending = new Map<string, PendingSighting>();
  /** Taken from `pending` by the timer and not yet written; older than anything in `pending`. */
  private queue: PendingSighting[] = [];
  private timer?: NodeJS.Timeout;
  private nextSlice?: NodeJS.Immediate;

  constructor(private readonly db: Db) {}

  /** A config request of this phone, at `at` (ISO-8601) or now. */
  record(s: SeenPhone & { at?: string }): void {
    const at = s.at ?? Date.now();
    const prev = this.pending.get(s.mac);
    if (!prev) {
      this.pending.set(s.mac, { mac: s.mac, ip: s.ip, userAgent: s.userAgent, model: s.model, firmware: s.firmware, at, requests: 1 });
      return;
    }
    // Updated in place: a new object per request outlives a few scavenges under load and is promoted to the
    // old generation, where it piles up until the next mark-compact.
    prev.ip = s.ip;
    prev.userAgent = s.userAgent;
    prev.at = at;
    if (s.model !== undefined) prev.model = s.model;
    if (s.firmware !== undefined) prev.firmware = s.firmware;
    prev.requests++;
  }

  /** Writes every sighting not yet written, now (before reading them, and at shutdown). */
  flush(): void {
    clearImmediate(this.nextSlice);
    this.nextSlice = undefined;
    const batch = [...this.queue, ...this.pending.values()];
    this.queue = [];
    this.pending = new Map();
    this.save(batch);
  }

  start(intervalMs = 1000): void {
    this.timer ??= setInterval(() => this.flushInSlices(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.flush();
  }

  private flushInSlices(): void {
    if (this.pending.size) {
      this.queue.push(...this.pending.values());
      this.pending = new Map();
    }
    if (!this.nextSlice) this.writeSlice();
  }

  private writeSlice = (): void => {
    this.nextSlice = undefined;
    this.save(this.queue.splice(0, SLICE_ROWS));
    if (this.queue.length) this.nextSlice = setImmediate(this.writeSlice);
  };

  private save(batch: PendingSighting[]): void {
    if (batch.length === 0) return;
    try {
      saveConfigSightings(this.db, batch.map((s) => ({ ...s, at: typeof s.at === "number" ? new Date(s.at).toISOString() : s.at })));
    } catch (err) {
      log.error(`could not save ${batch.length} phone sightings: ${(err as Error).message}`);
    }
  }
}
