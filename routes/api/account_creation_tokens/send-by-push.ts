// POST /api/account_creation_tokens/send-by-push (public) {pn_provider, pn_param, pn_prid} — an account creation
// token sent to that device by push notification (flexisip_pusher), never in the answer; 429 when the device used
// a token sent within push.retry_minutes, 503 when it could not be sent.
import type { App } from "../../../core/app.ts";
import { sendCreationTokenByPush } from "../../../core/accounts/tokens.ts";
import { json, readJsonObject } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { apiError } from "../../errors.ts";

export const renderError = apiError;

export const POST: Handler<App> = async (req, ctx) => {
  const { db, pusher, store } = ctx.app;
  await sendCreationTokenByPush(db, pusher, store.config.switchboard.push, await readJsonObject(req), { ip: ctx.clientIp, userAgent: req.headers["user-agent"] });
  return json({});
};
