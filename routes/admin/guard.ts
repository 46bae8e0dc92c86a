// Admin JSON endpoints: an admin signs in; a state-changing request also carries JSON from this origin
// (DESIGN §6: no cross-site form posts).
import type { IncomingMessage } from "node:http";
import type { App } from "../../core/app.ts";
import { requireRole } from "../../core/auth/roles.ts";
import { HttpError, readJson } from "../../lib/http.ts";
import type { RequestContext } from "../../lib/router.ts";
import { requireSameOrigin } from "../../lib/same-origin.ts";

export function requireAdmin(req: IncomingMessage, ctx: RequestContext<App>): void {
  requireRole(req, ctx, ["admin"]);
}

/** For POST/PATCH/DELETE: admin, same-origin Origin, and the JSON body (an object). */
export async function adminChange<T extends object>(req: IncomingMessage, ctx: RequestContext<App>, limit?: number): Promise<Partial<T>> {
  requireAdmin(req, ctx);
  requireSameOrigin(req, [ctx.app.store.config.switchboard.public_url]);
  const body = await readJson<unknown>(req, limit);
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new HttpError(400, "Send a JSON object.");
  return body as Partial<T>;
}
