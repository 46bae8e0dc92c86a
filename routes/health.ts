// GET /health — for load balancers and monitoring, no auth. Degraded while a config error stands (200: the last
// good config is served) or the database does not take writes (503): the write lock cannot be taken now, or a
// request failed on the database (disk full, read-only, I/O error) within the last minute.
import type { App } from "../core/app.ts";
import { isWritable } from "../db/open.ts";
import { json } from "../lib/http.ts";
import type { Handler } from "../lib/router.ts";

export const GET: Handler<App> = (_req, ctx) => {
  const { store, db, storage } = ctx.app;
  const errors = store.errors;
  const fault = storage.recent();
  const databaseOk = isWritable(db) && !fault;
  const healthy = databaseOk && errors.length === 0;
  return json({
    status: healthy ? "healthy" : "degraded",
    timestamp: new Date().toISOString(),
    uptime_seconds: Math.round((Date.now() - ctx.app.startedAt.getTime()) / 1000),
    database: databaseOk ? "ok" : "not writable",
    ...(fault && { database_error: { code: fault.code, message: fault.message, at: fault.at.toISOString() } }),
    config: { loaded_at: store.config.loadedAt, errors },
  }, databaseOk ? 200 : 503);
};
