// The phones' activity per hour (config requests, reports, firmware upgrades), added to in batches.
import { statements, type Db } from "./open.ts";

export interface ActivityHour {
  /** The hour's start, ISO-8601 UTC. */
  hour: string;
  config_requests: number;
  reports: number;
  firmware_upgrades: number;
}

const q = statements((db) => ({
  add: db.prepare(`
    INSERT INTO activity_hours (hour, config_requests, reports, firmware_upgrades)
    VALUES (@hour, @config_requests, @reports, @firmware_upgrades)
    ON CONFLICT(hour) DO UPDATE SET
      config_requests = config_requests + excluded.config_requests, reports = reports + excluded.reports,
      firmware_upgrades = firmware_upgrades + excluded.firmware_upgrades`),
  since: db.prepare("SELECT hour, config_requests, reports, firmware_upgrades FROM activity_hours WHERE hour >= ? ORDER BY hour"),
  prune: db.prepare("DELETE FROM activity_hours WHERE hour < ?"),
}));

/** Adds each hour's counts to what is stored, and drops hours before `keepFrom` — one transaction. */
export function addActivity(db: Db, hours: ActivityHour[], keepFrom: string): void {
  const s = q(db);
  db.transaction(() => {
    for (const h of hours) s.add.run(h);
    s.prune.run(keepFrom);
  })();
}

/** The stored hours from `fromHour` on, oldest first (hours without activity have no row). */
export function activitySince(db: Db, fromHour: string): ActivityHour[] {
  return q(db).since.all(fromHour) as ActivityHour[];
}
