// POST /api/accounts/<user@domain>/activate/email (public) {confirmation_key} (or legacy {code}) — the key the account
// was sent by email activates it (200 with the account); wrong form 422, wrong key 404, expired key 403.
import type { App } from "../../../../../core/app.ts";
import { activateWithKey } from "../../../../../core/accounts/activation.ts";
import { accountJson } from "../../../../../core/accounts/view.ts";
import { json, readJsonObject } from "../../../../../lib/http.ts";
import type { Handler } from "../../../../../lib/router.ts";
import { apiError } from "../../../../errors.ts";

export const renderError = apiError;

export const POST: Handler<App> = async (req, ctx) => {
  const { db, store, activationFailures } = ctx.app;
  const account = activateWithKey(db, activationFailures, ctx.params.sip, await readJsonObject(req), "email");
  return json(accountJson(db, store.config.switchboard.accounts, account));
};
