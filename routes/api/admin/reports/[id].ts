// GET /api/admin/reports/<id> — one report with its parameters and raw XML, secrets blanked.
import type { App } from "../../../../core/app.ts";
import { reportForAdmin } from "../../../../core/mpp/report-view.ts";
import { json } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { jsonError } from "../../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (_req, ctx) => json(reportForAdmin(ctx.app.store.config, ctx.app.db, ctx.params.id));
