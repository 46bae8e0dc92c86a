// /sync/devices/{deviceId}/contacts — GET[?since=]: {contacts: [Acrobits contact JSON with onNet/sipUri…],
// synced_at}. POST {upsert: [contact…], delete: [contactId…]}: one transaction; answers {contact_count}.
import type { App } from "../../../../core/app.ts";
import { contactsJson, uploadContacts, UPLOAD_LIMIT_BYTES } from "../../../../core/sync/contacts.ts";
import { requireDevice } from "../../../../core/sync/devices.ts";
import type { SyncCaller } from "../../../../core/sync/sso.ts";
import { json, readBody, requireJsonContentType } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { jsonError } from "../../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App, SyncCaller> = (_req, ctx) => {
  const device = requireDevice(ctx.app.db, ctx.identity, ctx.params.deviceId);
  return json(contactsJson(ctx.app.db, ctx.identity, device, ctx.query.get("since")));
};

export const POST: Handler<App, SyncCaller> = async (req, ctx) => {
  const { db, contactBatchParser, store } = ctx.app;
  // The device first: an upload to a device that does not exist is refused before its 10 MB are read.
  const device = requireDevice(db, ctx.identity, ctx.params.deviceId);
  requireJsonContentType(req);
  const body = await readBody(req, UPLOAD_LIMIT_BYTES);
  return json(await uploadContacts(db, contactBatchParser, store.config.switchboard, ctx.identity, device, body));
};
