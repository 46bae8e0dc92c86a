// GET /api/admin/fleet/jobs/<id> — a resync or reboot job's progress: total, done, failures with each phone's answer.
import type { App } from "../../../../../core/app.ts";
import { NotFound } from "../../../../../lib/errors.ts";
import { json } from "../../../../../lib/http.ts";
import type { Handler } from "../../../../../lib/router.ts";
import { jsonError } from "../../../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (_req, ctx) => {
  const job = ctx.app.fleetJobs.get(ctx.params.id);
  if (!job) throw new NotFound("No such job (only the newest 20 are kept, until the server restarts).");
  return json(job, 200, { "Cache-Control": "no-store" });
};
