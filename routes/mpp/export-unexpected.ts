// GET /export-unexpected/<mac> — the parameters a phone reported that no config file sets, as YAML to paste.
import type { App } from "../../core/app.ts";
import { requireRole } from "../../core/auth/roles.ts";
import { comparePhone } from "../../core/mpp/compare.ts";
import { unexpectedParamsYaml } from "../../core/mpp/export.ts";
import { formatMac, normalizeMac } from "../../core/mpp/mac.ts";
import { HttpError, reply } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { pageError } from "../errors.ts";

export const renderError = pageError;

export const GET: Handler<App> = (req, ctx) => {
  requireRole(req, ctx, ["admin"]);
  const mac = normalizeMac(ctx.params.mac);
  if (!mac) throw new HttpError(400, `"${ctx.params.mac}" is not a MAC address.`);
  const comparison = comparePhone(ctx.app.store.config, ctx.app.db, mac);
  if (!comparison) throw new HttpError(404, `Phone ${formatMac(mac)} has not sent a configuration report yet.`);
  return reply(200, unexpectedParamsYaml(comparison), "application/x-yaml; charset=utf-8", {
    "Content-Disposition": `attachment; filename="unexpected_params_${mac}.yml"`,
  });
};
