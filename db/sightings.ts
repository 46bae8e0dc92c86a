import { statements, type Db } from "./open.ts";
import { markVersionServed } from "./profile-history.ts";

export interface Sighting {
  mac: string;
  ip_address: string | null;
  user_agent: string | null;
  model: string | null;
  firmware: string | null;
  last_config_at: string | null;
  last_report_at: string | null;
  config_requests: number;
  /** The profile version its last profile fetch got (core/mpp/profile-versions.ts), and when. */
  profile_fingerprint: string | null;
  profile_fetched_at: string | null;
}

export interface ConfigSighting {
  mac: string;
  ip: string;
  userAgent: string;
  model?: string;
  firmware?: string;
  at: string;
  requests: number;
  /** Set when the request got the phone's profile (not a firmware upgrade): its version, and when. */
  profile?: string;
  profileAt?: string;
}

const q = statements((db) => ({
  upsertConfig: db.prepare(`
    INSERT INTO phone_sightings (mac, ip_address, user_agent, model, firmware, last_config_at, config_requests, profile_fingerprint, profile_fetched_at)
    VALUES (@mac, @ip, @userAgent, @model, @firmware, @at, @requests, @profile, @profileAt)
    ON CONFLICT(mac) DO UPDATE SET
      ip_address = excluded.ip_address, user_agent = excluded.user_agent,
      model = coalesce(excluded.model, model), firmware = coalesce(excluded.firmware, firmware),
      last_config_at = excluded.last_config_at, config_requests = config_requests + excluded.config_requests,
      profile_fingerprint = coalesce(excluded.profile_fingerprint, profile_fingerprint),
      profile_fetched_at = coalesce(excluded.profile_fetched_at, profile_fetched_at)`),
  upsertReport: db.prepare(`
    INSERT INTO phone_sightings (mac, ip_address, last_report_at) VALUES (?, ?, ?)
    ON CONFLICT(mac) DO UPDATE SET last_report_at = excluded.last_report_at,
      ip_address = coalesce(ip_address, excluded.ip_address)`),
  forgetReportOnly: db.prepare(`DELETE FROM phone_sightings WHERE mac = ? AND last_config_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM reports WHERE reports.mac = phone_sightings.mac)`),
  all: db.prepare("SELECT * FROM phone_sightings ORDER BY mac"),
  one: db.prepare("SELECT * FROM phone_sightings WHERE mac = ?"),
  activeSince: db.prepare("SELECT count(*) AS n FROM phone_sightings WHERE last_config_at >= @since OR last_report_at >= @since"),
}));

/** Writes a batch of config-request sightings in one transaction, with when each phone's profile version was served. */
export function saveConfigSightings(db: Db, batch: ConfigSighting[]): void {
  const s = q(db);
  db.transaction(() => {
    for (const row of batch) {
      s.upsertConfig.run({ ...row, model: row.model ?? null, firmware: row.firmware ?? null, profile: row.profile ?? null, profileAt: row.profileAt ?? null });
      if (row.profile !== undefined && row.profileAt !== undefined) markVersionServed(db, row.mac, row.profile, row.profileAt);
    }
  })();
}

export function recordReportSighting(db: Db, mac: string, ip: string, at: string): void {
  q(db).upsertReport.run(mac, ip, at);
}

/** Forgets phones seen only through reports that are gone (never through a config request). */
export function forgetReportOnlySightings(db: Db, macs: string[]): void {
  const s = q(db);
  for (const mac of macs) s.forgetReportOnly.run(mac);
}

export function listSightings(db: Db): Sighting[] {
  return q(db).all.all() as Sighting[];
}

export function getSighting(db: Db, mac: string): Sighting | undefined {
  return q(db).one.get(mac) as Sighting | undefined;
}

/** Phones that fetched a profile or sent a report since the given time. */
export function countActivePhones(db: Db, sinceIso: string): number {
  return (q(db).activeSince.get({ since: sinceIso }) as { n: number }).n;
}
