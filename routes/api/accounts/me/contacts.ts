// GET /api/accounts/me/contacts — the signed-in account's contacts (attached to it or in its contacts lists):
// [{id, username, domain, activated, dtmf_protocol, display_name, types, actions}].
import type { App } from "../../../../core/app.ts";
import type { SipCaller } from "../../../../core/accounts/authenticate.ts";
import { contactJson, myContacts } from "../../../../core/accounts/contacts.ts";
import { json } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { apiError } from "../../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) => json(myContacts(ctx.app.db, ctx.identity.account).map((c) => contactJson(ctx.app.db, c)));
