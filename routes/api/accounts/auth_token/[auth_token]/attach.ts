// GET /api/accounts/auth_token/<token>/attach (signed-in account) — binds a live auth token to the account, once
// (an empty 200); unknown, expired or attached already → 404.
import type { App } from "../../../../../core/app.ts";
import type { SipCaller } from "../../../../../core/accounts/authenticate.ts";
import { attachToAccount } from "../../../../../core/accounts/auth-tokens.ts";
import { text } from "../../../../../lib/http.ts";
import type { Handler } from "../../../../../lib/router.ts";
import { apiError } from "../../../../errors.ts";

export const renderError = apiError;
// This GET changes something, so HEAD is not served from it.
export const getChangesState = true;

export const GET: Handler<App, SipCaller> = (_req, ctx) => {
  attachToAccount(ctx.app.db, ctx.identity.account, ctx.params.auth_token);
  return text("");
};
