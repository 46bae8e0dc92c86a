// GET /provisioning/qrcode/<provisioning token>[?reset_password] — a PNG QR code of the provisioning URL, which the
// X-Qrcode-URL header repeats. Showing it does not spend the token.
import type { App } from "../../../core/app.ts";
import { provisioningQrCode } from "../../../core/accounts/provisioning.ts";
import { reply } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { apiError } from "../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, null> = async (req, ctx) => {
  const { png, url } = await provisioningQrCode(ctx.app, { method: ctx.method, headers: req.headers, query: ctx.query, clientIp: ctx.clientIp }, ctx.params.token);
  return reply(200, png, "image/png", { "X-Qrcode-URL": url, "Cache-Control": "no-store" });
};
