// POST /api/dialer/dial {devicename, number, ssl?} — a signed-in user (role user or admin) makes a desk phone
// dial. It acts in the physical world, so it takes requests only from our own pages (the dispatcher's
// same-origin rule for signed-in state changes).
import type { App } from "../../../core/app.ts";
import { dial } from "../../../core/dialer/dial.ts";
import { json, readJsonObject } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { Invalid } from "../../../lib/errors.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const POST: Handler<App> = async (req, ctx) => {
  const body = await readJsonObject(req, 4096);
  if (typeof body.devicename !== "string" || !body.devicename.trim()) throw Invalid.field("devicename", "Choose a phone (devicename).");
  if (typeof body.number !== "string" || !body.number.trim()) throw Invalid.field("number", "Type a number to dial.");
  return json({ ok: true, ...(await dial(ctx.app.store.config, body.devicename, body.number, body.ssl === true)) });
};
