// GET /api/admin/parameters/<mac> — the phone's effective parameters and the layer that set each (models.yml,
// groups.yml, its accounts and keys, phones.yml over common.yml).
import type { App } from "../../../../core/app.ts";
import { requireMac } from "../../../../core/mpp/mac.ts";
import { phoneParameters } from "../../../../core/mpp/parameters-view.ts";
import { json } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { jsonError } from "../../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (_req, ctx) => json(phoneParameters(ctx.app, requireMac(ctx.params.mac)));
