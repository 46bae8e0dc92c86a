// GET /export-unexpected/<mac> — the parameters a phone reported that no config file sets, as YAML to paste.
import type { App } from "../../core/app.ts";
import { requireComparison } from "../../core/mpp/compare.ts";
import { unexpectedParamsYaml } from "../../core/mpp/export.ts";
import { requireMac } from "../../core/mpp/mac.ts";
import { reply } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { pageError } from "../errors.ts";

export const renderError = pageError;

export const GET: Handler<App> = (_req, ctx) => {
  const comparison = requireComparison(ctx.app.store.config, ctx.app.db, requireMac(ctx.params.mac));
  return reply(200, unexpectedParamsYaml(comparison), "application/x-yaml; charset=utf-8", {
    "Content-Disposition": `attachment; filename="unexpected_params_${comparison.mac}.yml"`,
  });
};
