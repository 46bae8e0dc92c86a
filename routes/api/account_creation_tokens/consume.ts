// POST /api/account_creation_tokens/consume (signed-in account, FlexiAPI 1.5) {account_creation_token} — the account
// spends an unused creation token, which is linked to it; 404 for an unknown or spent token.
import type { App } from "../../../core/app.ts";
import type { SipCaller } from "../../../core/accounts/authenticate.ts";
import { consumeForAccount, creationTokenJson } from "../../../core/accounts/tokens.ts";
import { json, readJsonObject } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { apiError } from "../../errors.ts";

export const renderError = apiError;

export const POST: Handler<App, SipCaller> = async (req, ctx) => {
  const token = consumeForAccount(ctx.app.db, ctx.identity.account, await readJsonObject(req), { ip: ctx.clientIp, userAgent: req.headers["user-agent"] });
  return json(creationTokenJson(token));
};
