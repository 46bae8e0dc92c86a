// GET /api/accounts/<user@domain>/info — public: whether the account is activated, and the realm.
import type { App } from "../../../../core/app.ts";
import { publicInfo } from "../../../../core/accounts/me.ts";
import { json } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { apiError } from "../../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App> = (_req, ctx) => json(publicInfo(ctx.app.db, ctx.app.store.config.switchboard.accounts, ctx.params.sip));
