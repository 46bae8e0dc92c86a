// Cross-site request refusal for state-changing requests: a browser always sends Origin on POST/PUT/DELETE,
// and a page of another site cannot fake it, so an Origin matching the Host we were asked for is same-site.
import type { IncomingMessage } from "node:http";
import { HttpError } from "./http.ts";

export function requireSameOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  const host = req.headers.host;
  if (!origin || !host) throw new HttpError(403, "This request must come from this site's own pages (Origin header missing).");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new HttpError(403, "This request must come from this site's own pages (malformed Origin).");
  }
  if (originHost.toLowerCase() !== host.toLowerCase()) throw new HttpError(403, "Cross-site requests are not accepted.");
}
