// POST /api/admin/phones/<mac>/pin {"fingerprint": "…"} — serve the phone this stored version until unpinned;
// DELETE — unpin (the phone gets its configured profile again). Both are written to the audit log.
import type { App } from "../../../../../core/app.ts";
import type { SignedIn } from "../../../../../core/auth/roles.ts";
import { requireMac } from "../../../../../core/mpp/mac.ts";
import { Invalid } from "../../../../../lib/errors.ts";
import { json, readJsonObject } from "../../../../../lib/http.ts";
import type { Handler } from "../../../../../lib/router.ts";
import { jsonError } from "../../../../errors.ts";

export const renderError = jsonError;

export const POST: Handler<App, SignedIn> = async (req, ctx) => {
  const mac = requireMac(ctx.params.mac);
  const { fingerprint } = await readJsonObject(req);
  if (typeof fingerprint !== "string" || !fingerprint) throw Invalid.field("fingerprint", "Name the version to pin.");
  return json(ctx.app.pins.pin(mac, fingerprint, ctx.identity.username));
};

export const DELETE: Handler<App, SignedIn> = (_req, ctx) => {
  ctx.app.pins.unpin(requireMac(ctx.params.mac), ctx.identity.username);
  return json({ unpinned: true });
};
