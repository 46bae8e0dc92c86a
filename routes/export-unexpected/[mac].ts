// GET /export-unexpected/<mac>[?report=<id>] — the parameters a phone reported that no config file sets, as YAML
// to paste: of its newest config report, or of the one the compare page shows.
import type { App } from "../../core/app.ts";
import { requireComparison } from "../../core/mpp/drift.ts";
import { unexpectedParamsYaml } from "../../core/mpp/export.ts";
import { requireMac } from "../../core/mpp/mac.ts";
import { reply } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { pageError } from "../errors.ts";

export const renderError = pageError;

export const GET: Handler<App> = (_req, ctx) => {
  const comparison = requireComparison(ctx.app, requireMac(ctx.params.mac), ctx.query.get("report"));
  return reply(200, unexpectedParamsYaml(comparison), "application/x-yaml; charset=utf-8", {
    "Content-Disposition": `attachment; filename="unexpected_params_${comparison.mac}.yml"`,
  });
};
