// GET /api/accounts/me/contacts/<user@domain> — one of the signed-in account's contacts (404 when it is none).
import type { App } from "../../../../../core/app.ts";
import type { SipCaller } from "../../../../../core/accounts/authenticate.ts";
import { contactJson, myContact } from "../../../../../core/accounts/contacts.ts";
import { json } from "../../../../../lib/http.ts";
import type { Handler } from "../../../../../lib/router.ts";
import { apiError } from "../../../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) => json(contactJson(ctx.app.db, myContact(ctx.app.db, ctx.identity.account, ctx.params.sip)));
