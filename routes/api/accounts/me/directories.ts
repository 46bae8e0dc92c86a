// GET /api/accounts/me/directories — the phone directory URLs (directoryURL) of the signed-in account's desk phones
// in phones.yml (the self-service page's "Get provisioned"; core/accounts/my-phones.ts says why phones, not books).
import type { App } from "../../../../core/app.ts";
import type { SipCaller } from "../../../../core/accounts/authenticate.ts";
import { directoriesOf } from "../../../../core/accounts/my-phones.ts";
import { json } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { apiError } from "../../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) => json(directoriesOf(ctx.app.store.config, ctx.app.db, ctx.identity.account));
