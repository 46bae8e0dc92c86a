// GET / (legacy /index.php): with ?key= the phone-book overview (URLs to paste into the phone, dialer and vCard
// links); without it the admin dashboard.
import type { App } from "../core/app.ts";
import type { Handler } from "../lib/router.ts";
import { dashboard } from "./admin/pages.ts";
import { pageError } from "./errors.ts";
import { phonebookOverview } from "./phonebook-overview.ts";

export const renderError = pageError;

export const GET: Handler<App> = (req, ctx) => (ctx.query.has("key") ? phonebookOverview(req, ctx) : dashboard.GET!(req, ctx));
