// GET /health — for load balancers and monitoring, no auth. Degraded while a config error stands or
// the database does not take writes.
import type { App } from "../core/app.ts";
import { isWritable } from "../db/open.ts";
import { json } from "../lib/http.ts";
import type { Handler } from "../lib/router.ts";

export const GET: Handler<App> = (_req, ctx) => {
  const { store, db } = ctx.app;
  const errors = store.errors;
  const databaseOk = isWritable(db);
  const healthy = databaseOk && errors.length === 0;
  return json({
    status: healthy ? "healthy" : "degraded",
    timestamp: new Date().toISOString(),
    uptime_seconds: Math.round((Date.now() - ctx.app.startedAt.getTime()) / 1000),
    database: databaseOk ? "ok" : "not writable",
    config: { loaded_at: store.config.loadedAt, errors },
  }, databaseOk ? 200 : 503); // a config error is degraded but still serving the last good config
};
