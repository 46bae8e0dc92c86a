// GET /metrics (admin|monitor) — Prometheus text exposition 0.0.4; 404 when monitoring.metrics_enabled is false.
import type { App } from "../../core/app.ts";
import { requireRole } from "../../core/auth/roles.ts";
import { mppMetrics } from "../../core/mpp/metrics.ts";
import { HttpError, reply } from "../../lib/http.ts";
import { PROMETHEUS_CONTENT_TYPE } from "../../lib/prometheus.ts";
import type { Handler } from "../../lib/router.ts";
import { jsonError } from "../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (req, ctx) => {
  if (!ctx.app.store.config.service.monitoring.metrics_enabled) throw new HttpError(404, "Metrics are disabled (monitoring.metrics_enabled).");
  requireRole(req, ctx, ["admin", "monitor"]);
  return reply(200, mppMetrics(ctx.app).registry.render(), PROMETHEUS_CONTENT_TYPE);
};
