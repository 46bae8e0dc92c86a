// /sync/devices/{deviceId}/directory — the device's address book as a phone-book source (README "Directory
// integration"). PUT: share it, answering {key, label, contact_count, created_at} (201 when new, 200 when shared
// already); GET: the same, 404 while not shared; DELETE: stop sharing (204). Only the identity's own devices exist.
import type { App } from "../../../../core/app.ts";
import { directorySourceOf, shareDevice, unshareDevice } from "../../../../core/sync/directory-source.ts";
import type { SyncCaller } from "../../../../core/sync/sso.ts";
import { json } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { jsonError } from "../../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App, SyncCaller> = (_req, ctx) => json(directorySourceOf(ctx.app.db, ctx.identity, ctx.params.deviceId));

export const PUT: Handler<App, SyncCaller> = (_req, ctx) => {
  const { source, created } = shareDevice(ctx.app.db, ctx.app.store.config.switchboard.directory.dial, ctx.identity, ctx.params.deviceId);
  return json(source, created ? 201 : 200);
};

export const DELETE: Handler<App, SyncCaller> = (_req, ctx) => {
  unshareDevice(ctx.app.db, ctx.identity, ctx.params.deviceId);
  return { status: 204, headers: {}, body: "" };
};
