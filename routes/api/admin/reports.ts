// GET /api/admin/reports[?q=][&page=] — one row per phone that reported (its newest report), filtered by part of a
// phone's name or MAC, 50 to a page; ?mac=M[&page=] — every report of that phone.
import type { App } from "../../../core/app.ts";
import { requireMac } from "../../../core/mpp/mac.ts";
import { reportsByPhone, reportsOfPhone } from "../../../core/mpp/report-list.ts";
import { json } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (_req, ctx) => {
  const { config } = ctx.app.store;
  const rawMac = ctx.query.get("mac");
  const page = Number(ctx.query.get("page") ?? 1);
  if (rawMac) {
    const mac = requireMac(rawMac);
    return json({ mac, ...reportsOfPhone(config, ctx.app.db, mac, page) });
  }
  return json({ mac: null, query: ctx.query.get("q") ?? "", ...reportsByPhone(config, ctx.app.db, ctx.query.get("q") ?? "", page) });
};
