// GET /api/admin/unknown-phones — phones seen but not in phones.yml, each with a phones.yml entry to paste.
import type { App } from "../../../core/app.ts";
import { unknownPhones } from "../../../core/mpp/unknown-phones.ts";
import { json } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (_req, ctx) => json({ phones: unknownPhones(ctx.app) });
