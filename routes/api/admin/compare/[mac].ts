// GET /api/admin/compare/<mac>[?report=<id>] — the drift of a phone's newest config report, or of the one named
// (DESIGN §5.1).
import type { App } from "../../../../core/app.ts";
import { requireComparison } from "../../../../core/mpp/drift.ts";
import { requireMac } from "../../../../core/mpp/mac.ts";
import { json } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { jsonError } from "../../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (_req, ctx) => json(requireComparison(ctx.app, requireMac(ctx.params.mac), ctx.query.get("report")));
