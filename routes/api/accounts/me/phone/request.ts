// POST /api/accounts/me/phone/request {phone} — sends a 4-digit code to the number by SMS (FlexiAPI 1.3/1.5). 403
// for a blocked account or one without a spent creation token, 422 for the number, 429 when asked again too soon,
// 503 when the SMS cannot be sent (then nothing is pending).
import type { App } from "../../../../../core/app.ts";
import type { SipCaller } from "../../../../../core/accounts/authenticate.ts";
import { requestPhoneChange } from "../../../../../core/accounts/phone-change.ts";
import { json, readJsonObject } from "../../../../../lib/http.ts";
import type { Handler } from "../../../../../lib/router.ts";
import { apiError } from "../../../../errors.ts";

export const renderError = apiError;

export const POST: Handler<App, SipCaller> = async (req, ctx) => {
  await requestPhoneChange(ctx.app, ctx.identity.account, await readJsonObject(req), { ip: ctx.clientIp, userAgent: req.headers["user-agent"] });
  return json({});
};
