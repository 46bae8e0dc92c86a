// GET /sync/devices/{deviceId}/checksums — {contactId: checksum} of the device's contacts: what a client compares
// with its own address book before uploading only what changed.
import type { App } from "../../../../core/app.ts";
import { checksumsJsonText } from "../../../../core/sync/contacts.ts";
import { requireDevice } from "../../../../core/sync/devices.ts";
import type { SyncCaller } from "../../../../core/sync/sso.ts";
import { reply } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { jsonError } from "../../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App, SyncCaller> = (_req, ctx) =>
  reply(200, checksumsJsonText(ctx.app.db, requireDevice(ctx.app.db, ctx.identity, ctx.params.deviceId)), "application/json; charset=utf-8");
