// GET /api/dialer/access — {dialer: true} when this browser is signed in as a dashboard user or admin (it sends
// their Basic credentials), else {dialer: false}, never a sign-in prompt: open pages ask before linking to /call.
import type { App } from "../../../core/app.ts";
import { mayUseDialer } from "../../../core/dialer/access.ts";
import { json } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App, null> = async (req, ctx) => {
  const dialer = await mayUseDialer(ctx.app, req.headers.authorization, ctx.clientIp);
  return json({ dialer }, 200, { "Cache-Control": "no-store" });
};
