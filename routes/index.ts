// GET / — without ?key= the admin dashboard; with ?key= the phone-book overview (added with the phone books).
import type { App } from "../core/app.ts";
import { HttpError } from "../lib/http.ts";
import type { Handler } from "../lib/router.ts";
import { dashboard } from "./admin/pages.ts";
import { pageError } from "./errors.ts";

export const renderError = pageError;

export const GET: Handler<App> = (req, ctx) => {
  if (!ctx.query.has("key")) return dashboard.GET!(req, ctx);
  throw new HttpError(404, "There is no phone-book overview for this key.");
};
