// POST /api/accounts/me/phones/<id>/resync — asks one of the signed-in account's desk phones to fetch its profile now
// and answers when it did: 200 {phone, ok, answer}. 404 for a phone not linked to the account, 429 (Retry-After)
// within RESYNC_COOLDOWN_SECONDS of the last, 409 while an admin's resync or reboot job runs.
import type { App } from "../../../../../../core/app.ts";
import type { SipCaller } from "../../../../../../core/accounts/authenticate.ts";
import { resyncMyPhone } from "../../../../../../core/accounts/resync-my-phone.ts";
import { json } from "../../../../../../lib/http.ts";
import type { Handler } from "../../../../../../lib/router.ts";
import { apiError } from "../../../../../errors.ts";

export const renderError = apiError;

export const POST: Handler<App, SipCaller> = async (_req, ctx) =>
  json(await resyncMyPhone(ctx.app, ctx.identity.account, ctx.params.id));
