// GET /api/admin/audit-log[?page=N] — admin actions (pin, unpin, resync, reboot), newest first, 100 per page.
import type { App } from "../../../core/app.ts";
import { listAuditEntries } from "../../../db/audit-log.ts";
import { json } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

const PAGE_SIZE = 100;

export const GET: Handler<App> = (_req, ctx) => {
  const page = Math.max(1, Math.floor(Number(ctx.query.get("page") ?? 1)) || 1);
  return json({ page, page_size: PAGE_SIZE, ...listAuditEntries(ctx.app.db, PAGE_SIZE, (page - 1) * PAGE_SIZE) });
};
