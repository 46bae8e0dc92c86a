// POST /api/admin/accounts/<id>/api-key — a new API key for the account ({api_key, unused_expiry_minutes}, 201):
// its previous key stops working, and the clean-up deletes it once unused for that long. Only the key's hash is
// stored: this answer is the one time anyone sees it.
import type { App } from "../../../../../core/app.ts";
import { requireAccount } from "../../../../../core/accounts/manage.ts";
import { newApiKey } from "../../../../../core/accounts/me.ts";
import { json } from "../../../../../lib/http.ts";
import type { Handler } from "../../../../../lib/router.ts";
import { jsonError } from "../../../../errors.ts";

export const renderError = jsonError;

export const POST: Handler<App> = (_req, ctx) => {
  const api_key = newApiKey(ctx.app.db, requireAccount(ctx.app.db, ctx.params.id), ctx.clientIp);
  const unused_expiry_minutes = ctx.app.store.config.switchboard.accounts.api_key_expiration_minutes;
  return json({ api_key, unused_expiry_minutes }, 201, { "Cache-Control": "no-store" });
};
