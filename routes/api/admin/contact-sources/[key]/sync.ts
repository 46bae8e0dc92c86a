// POST /api/admin/contact-sources/<key>/sync — "Sync now": runs the sync and answers with the source's state.
import type { App } from "../../../../../core/app.ts";
import { syncSourceNow } from "../../../../../core/contacts/sources.ts";
import { json } from "../../../../../lib/http.ts";
import type { Handler } from "../../../../../lib/router.ts";
import { jsonError } from "../../../../errors.ts";

export const renderError = jsonError;

export const POST: Handler<App> = async (_req, ctx) => json(await syncSourceNow(ctx.app.contactSync, ctx.params.key));
