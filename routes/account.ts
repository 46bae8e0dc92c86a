// GET /account — the account self-service page (README "Account self-service"): sign in with the SIP username and
// password (or a code by email/SMS when configured), then the account's details, password, email and phone, API key, devices and provisioning QR code. Its
// script works through /api/session and the /api/accounts/me… JSON.
import type { App } from "../core/app.ts";
import { renderAccountPage } from "../core/pages/self-service-page.ts";
import { html } from "../lib/http.ts";
import type { Handler } from "../lib/router.ts";
import { pageError } from "./errors.ts";

export const renderError = pageError;

export const GET: Handler<App> = async (_req, ctx) =>
  html(await renderAccountPage(ctx.app), 200, { "Cache-Control": "no-store" });
