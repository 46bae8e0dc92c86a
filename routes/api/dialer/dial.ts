// POST /api/dialer/dial {devicename, number, ssl?} — a signed-in user (role user or admin) makes a desk phone dial.
import type { App } from "../../../core/app.ts";
import { requireRole } from "../../../core/auth/roles.ts";
import { dial, DialError } from "../../../core/dialer/dial.ts";
import { HttpError, json, readJson } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const POST: Handler<App> = async (req, ctx) => {
  requireRole(req, ctx, ["user"]);
  // Making a phone dial changes something in the world: no cross-site requests (DESIGN §6).
  const origin = req.headers.origin;
  if (origin && origin !== "null" && hostOfOrigin(origin) !== req.headers.host) throw new HttpError(403, "Dial requests must come from the Switchboard page itself.");
  const body = await readJson<{ devicename?: unknown; number?: unknown; ssl?: unknown }>(req, 4096);
  if (typeof body?.devicename !== "string" || !body.devicename.trim()) throw new HttpError(422, "Choose a phone (devicename).");
  if (typeof body.number !== "string" || !body.number.trim()) throw new HttpError(422, "Type a number to dial.");
  try {
    const done = await dial(ctx.app.store.config, body.devicename, body.number, body.ssl === true);
    return json({ ok: true, ...done });
  } catch (err) {
    if (err instanceof DialError) throw new HttpError(err.status, err.message);
    throw err;
  }
};

function hostOfOrigin(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
