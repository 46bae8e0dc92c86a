// /acrobits/contacts — Switchboard as an Acrobits Web Service Contacts source (the app's wsContactsUrl):
// {contacts: [Acrobits contact JSON…]} for ?key=K[,K2] (a phone book) or, without a key, the signed-in SIP
// account's own synced device (?device=, ?cloud_id=); ?offset= and ?limit= page. GET, or POST with the same
// parameters as a form or JSON (wsContactsPostData). The caller is a SIP account (guard sip(basic)).
import type { IncomingMessage } from "node:http";
import type { App } from "../../core/app.ts";
import type { SipUser } from "../../core/acrobits/sign-in.ts";
import { webContacts } from "../../core/acrobits/web-contacts.ts";
import { json, queryAndBodyParams } from "../../lib/http.ts";
import type { Handler, RequestContext } from "../../lib/router.ts";
import { jsonError } from "../errors.ts";

export const renderError = jsonError;

async function answer(req: IncomingMessage, ctx: RequestContext<App, SipUser>) {
  const params = await queryAndBodyParams(req, ctx.query);
  const { db, store } = ctx.app;
  // An address book is nobody else's to keep.
  return json(webContacts(db, store.config.switchboard.acrobits, ctx.identity.sipAddress, params), 200, { "Cache-Control": "no-store" });
}

export const GET: Handler<App, SipUser> = answer;
export const POST: Handler<App, SipUser> = answer;
