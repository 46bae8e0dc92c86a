// /acrobits/ext-auth — Switchboard as Acrobits' External Authentication web service, which the Acrobits SSO server
// calls with username, host, password and cloud_id: in the query string of a GET, or as a POST form (or JSON
// object). 200 with the account's verified numbers — application/xml by default, JSON when Accept asks for it —
// or 401 (wrong credentials), 422 (a parameter missing), 429 (too many failures).
import type { IncomingMessage } from "node:http";
import type { App } from "../../core/app.ts";
import { externalAuthentication, extAuthXml, wantsJson } from "../../core/acrobits/ext-auth.ts";
import { json, queryAndBodyParams, reply } from "../../lib/http.ts";
import type { Handler, RequestContext } from "../../lib/router.ts";
import { jsonError } from "../errors.ts";

// The SSO server ignores the body of a refusal; the status is the answer.
export const renderError = jsonError;

const NO_STORE = { "Cache-Control": "no-store" };

async function answer(req: IncomingMessage, ctx: RequestContext<App>) {
  const params = await queryAndBodyParams(req, ctx.query, 8 * 1024);
  const { db, store, ssoFailures } = ctx.app;
  const result = await externalAuthentication(db, store.config.switchboard, ssoFailures, params, ctx.clientIp);
  if (wantsJson(req.headers.accept)) return json(result, 200, NO_STORE);
  return reply(200, extAuthXml(result), "application/xml; charset=utf-8", NO_STORE);
}

export const GET: Handler<App> = answer;
export const POST: Handler<App> = answer;
