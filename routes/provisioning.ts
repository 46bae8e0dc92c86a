// GET /provisioning — the Linphone provisioning document without an account: the rc file's sections (README
// "Linphone provisioning").
import type { App } from "../core/app.ts";
import { baseProvisioning, PROVISIONING_CONTENT_TYPE } from "../core/accounts/provisioning.ts";
import { reply } from "../lib/http.ts";
import type { Handler } from "../lib/router.ts";
import { apiError } from "./errors.ts";

export const renderError = apiError;

export const GET: Handler<App, null> = (req, ctx) => {
  const request = { method: ctx.method, headers: req.headers, query: ctx.query, clientIp: ctx.clientIp };
  return reply(200, baseProvisioning(ctx.app, request), PROVISIONING_CONTENT_TYPE, { "Cache-Control": "no-store" });
};
