// GET /sync/devices — the signed-in identity's devices: id, name, platform, contact_count, updated_at.
import type { App } from "../../core/app.ts";
import { devicesJson } from "../../core/sync/devices.ts";
import type { SyncCaller } from "../../core/sync/sso.ts";
import { json } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { jsonError } from "../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App, SyncCaller> = (_req, ctx) => json(devicesJson(ctx.app.db, ctx.identity));
