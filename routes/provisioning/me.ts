// GET /provisioning/me[?reset_password] — the signed-in account's Linphone provisioning document.
import type { App } from "../../core/app.ts";
import type { SipCaller } from "../../core/accounts/authenticate.ts";
import { myProvisioning, PROVISIONING_CONTENT_TYPE } from "../../core/accounts/provisioning.ts";
import { reply } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { apiError } from "../errors.ts";

export const renderError = apiError;
// This GET changes something, so HEAD is not served from it.
export const getChangesState = true;

export const GET: Handler<App, SipCaller> = (req, ctx) => {
  const request = { method: ctx.method, headers: req.headers, query: ctx.query, clientIp: ctx.clientIp };
  return reply(200, myProvisioning(ctx.app, request, ctx.identity.account), PROVISIONING_CONTENT_TYPE, { "Cache-Control": "no-store" });
};
