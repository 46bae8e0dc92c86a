// GET /api/admin/phones/<mac>/diff?from=<fingerprint>&to=<fingerprint> — the parameters that differ between two
// stored profile versions of a phone, secrets masked.
import type { App } from "../../../../../core/app.ts";
import { requireMac } from "../../../../../core/mpp/mac.ts";
import { diffVersions } from "../../../../../core/mpp/profile-history.ts";
import { json } from "../../../../../lib/http.ts";
import type { Handler } from "../../../../../lib/router.ts";
import { jsonError } from "../../../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (_req, ctx) => {
  const from = ctx.query.get("from") ?? "";
  const to = ctx.query.get("to") ?? "";
  return json({ from, to, changes: diffVersions(ctx.app.db, ctx.app.store.config, requireMac(ctx.params.mac), from, to) });
};
