// Config-request sightings are kept in memory and written to SQLite in batches (about once a second and at
// shutdown), so the profile hot path never waits for a disk write. Phones not in phones.yml are kept apart and
// bounded (anyone on the LAN can invent MACs): the newest MAX_UNKNOWN_PHONES, in memory and in SQLite. A
// request's time is kept as a number and formatted when the batch is written: once per phone per flush, not per
// request. A row whose only news is its time and request count is written at most every TIME_ONLY_EVERY_MS by
// the timer (each row costs ~30-40 µs, which at 10,000 phones was most of a config request's CPU); anything else
// new is written within a second, and flush() (readers, shutdown) writes everything.
import type { Db } from "../../db/open.ts";
import { getSighting, saveConfigSightings, type ConfigSighting } from "../../db/sightings.ts";
import type { StorageFaults } from "../../db/storage-faults.ts";
import { saveUnknownPhones, type UnknownPhoneRequest } from "../../db/unknown-phones.ts";
import { log } from "../../lib/log.ts";

// The timer writes a second's sightings a slice per event-loop turn: 1,000 phones in one transaction held
// the loop for 8-9 ms every second under the make bench load, which was most of the config requests' p99.
const SLICE_ROWS = 100;

/** How stale the timer lets a stored last-seen time (and request count) get when nothing else changed. */
export const TIME_ONLY_EVERY_MS = 30_000;

/** What was last written for a phone: a pending sighting that differs from it in more than time is written soon. */
type WrittenSighting = Pick<ConfigSighting, "ip" | "userAgent" | "model" | "firmware" | "profile"> & { writtenAt: number };

/** Who asked: the same object may be passed for every request of a phone (core/mpp/answer-memo.ts does). */
export type SeenPhone = Omit<ConfigSighting, "requests" | "at" | "profileAt">;

/** A sighting not yet written; its times in epoch milliseconds (or as given) until the batch is written. */
type PendingSighting = Omit<ConfigSighting, "at" | "profileAt"> & { at: string | number; profileAt?: string | number };

const iso = (t: string | number): string => (typeof t === "number" ? new Date(t).toISOString() : t);

/** Unknown phones kept (the dashboard lists them); the phone seen longest ago goes first. */
export const MAX_UNKNOWN_PHONES = 500;

export class SightingBuffer {
  private pending = new Map<string, PendingSighting>();
  /** Taken from `pending` by the timer and not yet written; older than anything in `pending`. */
  private queue: PendingSighting[] = [];
  private timer?: NodeJS.Timeout;
  private nextSlice?: NodeJS.Immediate;
  /** Unknown phones not yet written, least recently seen first (a Map keeps insertion order). */
  private unknown = new Map<string, UnknownPhoneRequest>();
  /** Per known phone (phones.yml bounds it), what its row holds since the last write by this buffer. */
  private written = new Map<string, WrittenSighting>();

  /** `faults` hears of writes that failed on the database (for /health). */
  constructor(private readonly db: Db, private readonly timeOnlyEveryMs = TIME_ONLY_EVERY_MS, private readonly faults?: StorageFaults) {}

  /** A config request of this phone, at `at` (ISO-8601) or now. */
  record(s: SeenPhone & { at?: string }): void {
    const at = s.at ?? Date.now();
    const prev = this.pending.get(s.mac);
    if (!prev) {
      const { mac, ip, userAgent, model, firmware, profile } = s;
      this.pending.set(mac, { mac, ip, userAgent, model, firmware, at, profile, profileAt: profile === undefined ? undefined : at, requests: 1 });
      return;
    }
    // Updated in place: a new object per request outlives a few scavenges under load and is promoted to the
    // old generation, where it piles up until the next mark-compact.
    prev.ip = s.ip;
    prev.userAgent = s.userAgent;
    prev.at = at;
    if (s.model !== undefined) prev.model = s.model;
    if (s.firmware !== undefined) prev.firmware = s.firmware;
    if (s.profile !== undefined) {
      prev.profile = s.profile;
      prev.profileAt = at;
    }
    prev.requests++;
  }

  /** The model the phone's last User-Agent named (models.yml picks its layer by it), whether written yet or not. */
  lastModel(mac: string): string | undefined {
    let model = this.pending.get(mac)?.model;
    for (let i = this.queue.length - 1; model === undefined && i >= 0; i--) if (this.queue[i].mac === mac) model = this.queue[i].model;
    return model ?? this.written.get(mac)?.model ?? getSighting(this.db, mac)?.model ?? undefined;
  }

  /** The profile version the phone's last profile fetch got, and when, whether written yet or not. */
  lastProfile(mac: string): { fingerprint: string; at: string } | undefined {
    let inMemory = this.pending.get(mac);
    // The queue is older than `pending`, newest last.
    for (let i = this.queue.length - 1; inMemory?.profile === undefined && i >= 0; i--) if (this.queue[i].mac === mac) inMemory = this.queue[i];
    if (inMemory?.profile !== undefined) return { fingerprint: inMemory.profile, at: iso(inMemory.profileAt!) };
    const row = getSighting(this.db, mac);
    return row?.profile_fingerprint && row.profile_fetched_at ? { fingerprint: row.profile_fingerprint, at: row.profile_fetched_at } : undefined;
  }

  /** A phone not in phones.yml asked for a profile. */
  recordUnknown(u: Omit<UnknownPhoneRequest, "requests">): void {
    const requests = (this.unknown.get(u.mac)?.requests ?? 0) + 1;
    this.unknown.delete(u.mac); // set again below, so it moves to the newest end
    if (this.unknown.size >= MAX_UNKNOWN_PHONES) this.unknown.delete(this.unknown.keys().next().value!);
    this.unknown.set(u.mac, { ...u, requests });
  }

  /** Writes every sighting not yet written, now (before reading them, and at shutdown). */
  flush(): void {
    clearImmediate(this.nextSlice);
    this.nextSlice = undefined;
    const batch = [...this.queue, ...this.pending.values()];
    this.queue = [];
    this.pending = new Map();
    this.save(batch);
    this.saveUnknown();
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
    this.saveUnknown();
    const now = Date.now();
    for (const [mac, s] of this.pending) {
      if (!this.due(s, now)) continue;
      this.queue.push(s);
      this.pending.delete(mac);
    }
    if (!this.nextSlice) this.writeSlice();
  }

  /** True when the row would gain more than a newer time and count, or its stored time is timeOnlyEveryMs old. */
  private due(s: PendingSighting, now: number): boolean {
    const w = this.written.get(s.mac);
    return !w || now - w.writtenAt >= this.timeOnlyEveryMs || s.ip !== w.ip || s.userAgent !== w.userAgent
      || (s.model !== undefined && s.model !== w.model) || (s.firmware !== undefined && s.firmware !== w.firmware)
      || (s.profile !== undefined && s.profile !== w.profile);
  }

  private writeSlice = (): void => {
    this.nextSlice = undefined;
    this.save(this.queue.splice(0, SLICE_ROWS));
    if (this.queue.length) this.nextSlice = setImmediate(this.writeSlice);
  };

  private saveUnknown(): void {
    if (this.unknown.size === 0) return;
    const batch = [...this.unknown.values()];
    this.unknown = new Map();
    try {
      saveUnknownPhones(this.db, batch, MAX_UNKNOWN_PHONES);
    } catch (err) {
      this.faults?.note(err);
      log.error(`could not save ${batch.length} unknown phones: ${(err as Error).message}`);
    }
  }

  private save(batch: PendingSighting[]): void {
    if (batch.length === 0) return;
    try {
      saveConfigSightings(this.db, batch.map((s) => ({ ...s, at: iso(s.at), profileAt: s.profileAt === undefined ? undefined : iso(s.profileAt) })));
      const writtenAt = Date.now();
      for (const s of batch) {
        const w = this.written.get(s.mac);
        // The row keeps a model, firmware or profile a request did not carry (coalesce in db/sightings.ts).
        this.written.set(s.mac, { ip: s.ip, userAgent: s.userAgent, model: s.model ?? w?.model, firmware: s.firmware ?? w?.firmware, profile: s.profile ?? w?.profile, writtenAt });
      }
    } catch (err) {
      this.faults?.note(err);
      log.error(`could not save ${batch.length} phone sightings: ${(err as Error).message}`);
    }
  }
}
