// GET /api/admin/compare/<mac> — the drift of a phone's newest config report (DESIGN §5.1).
import type { App } from "../../../core/app.ts";
import { requireRole } from "../../../core/auth/roles.ts";
import { requireComparison } from "../../../core/mpp/compare.ts";
import { json } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (req, ctx) => {
  requireRole(req, ctx, ["admin"]);
  const comparison = requireComparison(ctx.app.store.config, ctx.app.db, ctx.params.mac);
  return json(comparison);
};
