// /sync/devices/{deviceId} — GET: the device. PUT {name?, platform?}: registers it (201) or renames it (200).
// DELETE: the device and its contacts. Only the signed-in identity's devices exist here (404 otherwise).
import type { App } from "../../../core/app.ts";
import { deviceJson, putDevice, removeDevice, requireDevice } from "../../../core/sync/devices.ts";
import type { SyncCaller } from "../../../core/sync/sso.ts";
import { json, readJsonObject } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App, SyncCaller> = (_req, ctx) => json(deviceJson(requireDevice(ctx.app.db, ctx.identity, ctx.params.deviceId)));

export const PUT: Handler<App, SyncCaller> = async (req, ctx) => {
  const { device, created } = putDevice(ctx.app.db, ctx.identity, ctx.params.deviceId, await readJsonObject(req, 4096));
  return json(device, created ? 201 : 200);
};

export const DELETE: Handler<App, SyncCaller> = (_req, ctx) => {
  removeDevice(ctx.app.db, ctx.identity, ctx.params.deviceId);
  return { status: 204, headers: {}, body: "" };
};
