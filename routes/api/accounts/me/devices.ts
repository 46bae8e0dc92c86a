// GET /api/accounts/me/devices — the signed-in account's Contact Sync devices (the self-service page "My devices").
import type { App } from "../../../../core/app.ts";
import type { SipCaller } from "../../../../core/accounts/authenticate.ts";
import { devicesOf } from "../../../../core/accounts/me.ts";
import { json } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { apiError } from "../../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) => json(devicesOf(ctx.app.db, ctx.identity.account));
