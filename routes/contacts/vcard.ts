// GET /contacts/vcard — the signed-in account's contacts as vCard 4.0 (FlexiAPI's Linphone format).
import type { App } from "../../core/app.ts";
import type { SipCaller } from "../../core/accounts/authenticate.ts";
import { myContactsVCards } from "../../core/accounts/account-vcard.ts";
import { reply } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { apiError } from "../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) => reply(200, myContactsVCards(ctx.app.db, ctx.identity.account), "text/vcard; charset=utf-8");
