// GET / (legacy /index.php). With ?key= the phone book overview; without it the admin dashboard
// (built separately — until it is merged here, / without a key is not found).
import type { App } from "../core/app.ts";
import { HttpError } from "../lib/http.ts";
import type { Handler } from "../lib/router.ts";
import { pageError } from "./errors.ts";
import { phonebookOverview } from "./phonebook-overview.ts";

export const renderError = pageError;

export const GET: Handler<App> = (req, ctx) => {
  if (ctx.query.has("key")) return phonebookOverview(req, ctx);
  throw new HttpError(404, "Not found");
};
