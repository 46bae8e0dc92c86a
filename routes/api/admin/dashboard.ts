// GET /api/admin/dashboard — phones with sightings, online state and drift, config problems, discovery mode, and
// the last 24 hours' activity for the chart.
import type { App } from "../../../core/app.ts";
import type { SignedIn } from "../../../core/auth/roles.ts";
import { currentConfig, lineWarnings } from "../../../core/mpp/layers.ts";
import { activityGauges, phoneRows, unconfiguredSightings } from "../../../core/mpp/overview.ts";
import { json } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App, SignedIn> = (_req, ctx) => {
  const { store } = ctx.app;
  const config = currentConfig(ctx.app);
  return json({
    name: config.switchboard.name,
    user: ctx.identity.username,
    status: config.service.discovery.enabled ? "discovery" : "active",
    discovery: { enabled: config.service.discovery.enabled, exclude_macs: [...config.service.discovery.exclude_macs] },
    config: { loaded_at: config.loadedAt, errors: store.errors, warnings: [...config.warnings, ...lineWarnings(config, ctx.app.db, (mac) => ctx.app.sightings.lastModel(mac))] },
    gauges: activityGauges(ctx.app),
    phones: phoneRows(ctx.app),
    unconfigured: unconfiguredSightings(ctx.app),
    activity: ctx.app.activity.last24Hours(),
  });
};
