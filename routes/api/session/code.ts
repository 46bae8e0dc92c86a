// POST /api/session/code {username} — the self-service page's "send me a code": a one-time sign-in code by email
// or SMS (core/accounts/sign-in-codes.ts). The answer is the same whether or not the account exists; 503 when this
// server has neither mail nor SMS, 429 with Retry-After when asked too often. Only our own pages may call it.
import type { App } from "../../../core/app.ts";
import { requestSignInCode } from "../../../core/accounts/sign-in-codes.ts";
import { json, readJsonObject } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { apiError } from "../../errors.ts";

export const renderError = apiError;

export const POST: Handler<App> = async (req, ctx) => {
  requestSignInCode(ctx.app, await readJsonObject(req), ctx.clientIp);
  return json({ message: "If this names an account with an email address or phone number, a code is on its way there." }, 200, { "Cache-Control": "no-store" });
};
