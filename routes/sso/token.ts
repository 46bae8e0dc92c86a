// POST /sso/token {username, password, cloud_id} — Contact Sync sign-in: {token, expires_at, verified_numbers}
// once External Authentication (local SIP accounts, or the configured web service) accepts the credentials.
import type { App } from "../../core/app.ts";
import { issueSsoToken } from "../../core/sync/sso.ts";
import { json, readJsonObject } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { jsonError } from "../errors.ts";

export const renderError = jsonError;

export const POST: Handler<App, null> = async (req, ctx) => {
  const body = await readJsonObject(req, 4096);
  const { db, store, ssoFailures } = ctx.app;
  return json(await issueSsoToken(db, store.config.switchboard, ssoFailures, body, ctx.clientIp), 200, { "Cache-Control": "no-store" });
};
