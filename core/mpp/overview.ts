// What the dashboard, /status and /metrics show: phones with their sightings and drift, and activity counts.
import { countReportsSince } from "../../db/reports.ts";
import { countActivePhones, listSightings, type Sighting } from "../../db/sightings.ts";
import { isPasswordHash } from "../../lib/basic-auth.ts";
import type { ConfigProblem } from "../../lib/yaml.ts";
import type { App } from "../app.ts";
import { currentConfig, lineWarnings } from "./layers.ts";
import { driftSummary } from "./compare.ts";
import { contactState, latest, resyncSchedule, type ContactState, type ResyncSchedule } from "./contact-state.ts";
import { phoneByMac } from "./identify.ts";

export interface ActivityGauges {
  /** Phones whose newest config report drifts: a value mismatch or a missing parameter. */
  phone_config_differences: number;
  /** Phones whose newest report predates a configuration change they have not reported since. */
  phone_config_not_resynced: number;
  phone_unexpected_params: number;
  phone_activity_recent: number;
  reports_recent: number;
}

export interface PhoneRow {
  id: string;
  label: string | null;
  mac: string | null;
  ip_address: string | null;
  model: string | null;
  firmware: string | null;
  last_seen_ip: string | null;
  last_config_at: string | null;
  last_report_at: string | null;
  /** The later of the two, and what it says about the phone given its resync schedule. */
  last_contact_at: string | null;
  contact_state: ContactState;
  resync_seconds: number;
  resync_source: ResyncSchedule["source"];
  config_requests: number;
  /** Drift (mismatches and missing parameters); null: no config report yet. */
  differences: number | null;
  changed_on_phone: number | null;
  not_resynced: number | null;
  unexpected: number | null;
  report_id: number | null;
}

/** What /status tells people and monitoring (JSON keys as monitoring scripts read them). Never a password. */
export interface ServiceStatus {
  status: "active" | "discovery";
  timestamp: string;
  uptime_seconds: number;
  phones_configured: number;
  common_config_loaded: boolean;
  config: { loaded_at: string; generation: number; errors: ConfigProblem[]; warnings: string[] };
  discovery_mode: { enabled: boolean; exclude_macs: string[] };
  metrics: ActivityGauges;
  service_config: {
    metrics_enabled: boolean;
    auth_enabled: boolean;
    auth_users: number;
    auth_plaintext_passwords: number;
    phone_activity_window_seconds: number;
    report_activity_window_seconds: number;
    report_retention: number;
  };
}

const secondsAgo = (s: number) => new Date(Date.now() - s * 1000).toISOString();

/** Counts the seed's gauges report; sightings still in memory are written first so they count. */
export function activityGauges(app: App): ActivityGauges {
  const config = currentConfig(app);
  const { monitoring } = config.service;
  app.sightings.flush();
  const drift = [...driftSummary(config, app.db).values()];
  return {
    phone_config_differences: drift.filter((d) => d.differences > 0).length,
    phone_config_not_resynced: drift.filter((d) => d.not_resynced > 0).length,
    phone_unexpected_params: drift.filter((d) => d.unexpected > 0).length,
    phone_activity_recent: countActivePhones(app.db, secondsAgo(monitoring.phone_activity_window)),
    reports_recent: countReportsSince(app.db, secondsAgo(monitoring.report_activity_window)),
  };
}

/** Phones that fetched a profile or reported but are not in phones.yml (new phones, discovery mode). */
export function unconfiguredSightings(app: App): Sighting[] {
  const config = app.store.config;
  app.sightings.flush();
  return listSightings(app.db).filter((s) => !phoneByMac(config, s.mac));
}

/** Every phone of phones.yml with what we last saw of it and its drift (null: no config report yet). */
export function phoneRows(app: App): PhoneRow[] {
  const config = currentConfig(app);
  app.sightings.flush();
  const sightings = new Map(listSightings(app.db).map((s) => [s.mac, s]));
  const drift = driftSummary(config, app.db);
  const now = Date.now();
  return config.phones.map((p) => {
    const s = p.mac ? sightings.get(p.mac) : undefined;
    const d = p.mac ? drift.get(p.mac) : undefined;
    const schedule = resyncSchedule(config.common, p);
    const lastContact = latest(s?.last_config_at ?? null, s?.last_report_at ?? null);
    return {
      id: p.id,
      label: p.label ?? null,
      mac: p.mac ?? null,
      ip_address: p.ip_address ?? null,
      model: s?.model ?? null,
      firmware: s?.firmware ?? null,
      last_seen_ip: s?.ip_address ?? null,
      last_config_at: s?.last_config_at ?? null,
      last_report_at: s?.last_report_at ?? null,
      last_contact_at: lastContact,
      contact_state: contactState(lastContact, schedule, now),
      resync_seconds: schedule.seconds,
      resync_source: schedule.source,
      config_requests: s?.config_requests ?? 0,
      differences: d?.differences ?? null,
      changed_on_phone: d?.changed_on_phone ?? null,
      not_resynced: d?.not_resynced ?? null,
      unexpected: d?.unexpected ?? null,
      report_id: d?.report_id ?? null,
    };
  });
}

/** Service state, config load state, drift and activity, as /status shows them. */
export function serviceStatus(app: App): ServiceStatus {
  const { store } = app;
  const config = currentConfig(app);
  const { discovery, monitoring, auth, reports } = config.service;
  return {
    status: discovery.enabled ? "discovery" : "active",
    timestamp: new Date().toISOString(),
    uptime_seconds: Math.round((Date.now() - app.startedAt.getTime()) / 1000),
    phones_configured: config.phones.length,
    common_config_loaded: config.common.size > 0,
    config: { loaded_at: config.loadedAt, generation: config.generation, errors: store.errors, warnings: [...config.warnings, ...lineWarnings(config, app.db, (mac) => app.sightings.lastModel(mac))] },
    discovery_mode: { enabled: discovery.enabled, exclude_macs: [...discovery.exclude_macs] },
    metrics: activityGauges(app),
    service_config: {
      metrics_enabled: monitoring.metrics_enabled,
      auth_enabled: auth.enabled,
      // Counts only: a monitor need not learn the admins' user names.
      auth_users: auth.users.length,
      auth_plaintext_passwords: auth.users.filter((u) => !isPasswordHash(u.password)).length,
      phone_activity_window_seconds: monitoring.phone_activity_window,
      report_activity_window_seconds: monitoring.report_activity_window,
      report_retention: reports.retention,
    },
  };
}
