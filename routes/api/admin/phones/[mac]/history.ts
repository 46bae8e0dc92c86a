// GET /api/admin/phones/<mac>/history — the profile versions a phone was given (newest first), which one the
// config gives it now and its pin (README "Profile history and pinning").
import type { App } from "../../../../../core/app.ts";
import { requireMac } from "../../../../../core/mpp/mac.ts";
import { phoneHistory } from "../../../../../core/mpp/profile-history.ts";
import { json } from "../../../../../lib/http.ts";
import type { Handler } from "../../../../../lib/router.ts";
import { jsonError } from "../../../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (_req, ctx) => json(phoneHistory(ctx.app.db, ctx.app.store.config, requireMac(ctx.params.mac), ctx.app.pins));
