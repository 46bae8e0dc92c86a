// GET /account/sign-up — the self-service sign-up page, only when switchboard.yml accounts.public_registration is
// on (404 otherwise), asking for the email or phone number the server's confirmation uses. Its script takes a
// person through the creation request token (the human check is the validation page) to
// POST /api/accounts/with-account-creation-token, and for a phone sign-up on to the SMS code's activation.
import type { App } from "../../core/app.ts";
import { renderSignUpPage } from "../../core/pages/self-service-page.ts";
import { HttpError, html } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { pageError } from "../errors.ts";

export const renderError = pageError;

export const GET: Handler<App> = async (_req, ctx) => {
  if (!ctx.app.store.config.switchboard.accounts.public_registration) throw new HttpError(404, "Sign-up is not open on this server.");
  return html(await renderSignUpPage(ctx.app), 200, { "Cache-Control": "no-store" });
};
