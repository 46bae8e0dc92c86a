// GET /status (admin|monitor) — service state, config load state, drift and activity. Never a password.
import type { App } from "../core/app.ts";
import { activityGauges } from "../core/mpp/overview.ts";
import { isPasswordHash } from "../lib/basic-auth.ts";
import { json } from "../lib/http.ts";
import type { Handler } from "../lib/router.ts";
import { jsonError } from "./errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (_req, ctx) => {
  const { store } = ctx.app;
  const config = store.config;
  const { discovery, monitoring, auth, reports } = config.service;
  return json({
    status: discovery.enabled ? "discovery" : "active",
    timestamp: new Date().toISOString(),
    uptime_seconds: Math.round((Date.now() - ctx.app.startedAt.getTime()) / 1000),
    phones_configured: config.phones.length,
    common_config_loaded: config.common.size > 0,
    config: { loaded_at: config.loadedAt, generation: config.generation, errors: store.errors, warnings: config.warnings },
    discovery_mode: { enabled: discovery.enabled, exclude_macs: [...discovery.exclude_macs] },
    metrics: activityGauges(ctx.app),
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
  });
};
