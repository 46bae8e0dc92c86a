// What the phones did in the last 24 hours, hour by hour: config requests, reports, firmware upgrades (the
// dashboard's chart). Counted in memory on the hot path and added to SQLite about once a second and at shutdown,
// like the sightings, so the chart survives a restart; a crash loses at most the last second.
import { activitySince, addActivity, type ActivityHour } from "../../db/activity.ts";
import type { Db } from "../../db/open.ts";
import type { StorageFaults } from "../../db/storage-faults.ts";
import { log } from "../../lib/log.ts";

export const ACTIVITY_SERIES = ["config_requests", "reports", "firmware_upgrades"] as const;
export type ActivitySeries = (typeof ACTIVITY_SERIES)[number];

/** The chart's data: 24 hour starts (oldest first, the current hour last) and one count per hour per series. */
export type ActivityChart = { hours: string[] } & Record<ActivitySeries, number[]>;

const HOUR = 3_600_000;
/** Hours kept in SQLite: the chart shows 24; a week more costs a few hundred rows and helps whoever looks. */
const KEEP_HOURS = 8 * 24;

const hourIso = (hourNumber: number) => new Date(hourNumber * HOUR).toISOString();

export class ActivityHistory {
  /** Hours since the epoch → counts not yet written. */
  private pending = new Map<number, Record<ActivitySeries, number>>();
  private timer?: NodeJS.Timeout;

  /** `faults` hears of writes that failed on the database (for /health). */
  constructor(private readonly db: Db, private readonly faults?: StorageFaults) {}

  record(series: ActivitySeries, at: number = Date.now()): void {
    const hour = Math.floor(at / HOUR);
    let counts = this.pending.get(hour);
    if (!counts) this.pending.set(hour, (counts = { config_requests: 0, reports: 0, firmware_upgrades: 0 }));
    counts[series]++;
  }

  /** Writes what is counted and not yet written (before reading, and at shutdown). */
  flush(now: number = Date.now()): void {
    if (this.pending.size === 0) return;
    const hours: ActivityHour[] = [...this.pending].map(([hour, counts]) => ({ hour: hourIso(hour), ...counts }));
    this.pending = new Map();
    try {
      addActivity(this.db, hours, hourIso(Math.floor(now / HOUR) - KEEP_HOURS));
    } catch (err) {
      this.faults?.note(err);
      log.error(`could not save the activity of ${hours.length} hour(s): ${(err as Error).message}`);
    }
  }

  /** The last 24 hours, the current one included; hours without activity count 0. */
  last24Hours(now: number = Date.now()): ActivityChart {
    this.flush(now);
    const current = Math.floor(now / HOUR);
    const hours = Array.from({ length: 24 }, (_, i) => hourIso(current - 23 + i));
    const stored = new Map(activitySince(this.db, hours[0]).map((h) => [h.hour, h]));
    const series = (s: ActivitySeries) => hours.map((h) => stored.get(h)?.[s] ?? 0);
    return { hours, config_requests: series("config_requests"), reports: series("reports"), firmware_upgrades: series("firmware_upgrades") };
  }

  start(intervalMs = 1000): void {
    this.timer ??= setInterval(() => this.flush(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.flush();
  }
}
