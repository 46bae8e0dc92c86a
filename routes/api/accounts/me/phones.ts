// GET /api/accounts/me/phones — the signed-in account's desk phones (phones.yml `account:`) that "Resync my phone"
// can reach: [{id, phone}] (core/accounts/my-phones.ts).
import type { App } from "../../../../core/app.ts";
import type { SipCaller } from "../../../../core/accounts/authenticate.ts";
import { myPhones } from "../../../../core/accounts/my-phones.ts";
import { json } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { apiError } from "../../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) => json(myPhones(ctx.app.store.config, ctx.identity.account));
