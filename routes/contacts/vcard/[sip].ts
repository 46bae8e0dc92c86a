// GET /contacts/vcard/<user@domain> — one of the signed-in account's contacts as a vCard 4.0 (404 when it is none).
import type { App } from "../../../core/app.ts";
import type { SipCaller } from "../../../core/accounts/authenticate.ts";
import { myContactVCard } from "../../../core/accounts/account-vcard.ts";
import { reply } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { apiError } from "../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) =>
  reply(200, myContactVCard(ctx.app.db, ctx.identity.account, ctx.params.sip), "text/vcard; charset=utf-8");
