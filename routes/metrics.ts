// GET /metrics (admin|monitor) — Prometheus text exposition 0.0.4; 404 when monitoring.metrics_enabled is false.
import type { App } from "../core/app.ts";
import { HttpError, reply } from "../lib/http.ts";
import { PROMETHEUS_CONTENT_TYPE } from "../lib/prometheus.ts";
import type { Handler } from "../lib/router.ts";
import { jsonError } from "./errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (_req, ctx) => {
  if (!ctx.app.store.config.service.monitoring.metrics_enabled) throw new HttpError(404, "Metrics are disabled (monitoring.metrics_enabled).");
  return reply(200, ctx.app.metrics.registry.render(), PROMETHEUS_CONTENT_TYPE);
};
