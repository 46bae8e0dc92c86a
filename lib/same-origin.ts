// Cross-site request protection for state-changing requests: a browser always sends Origin on POST/PUT/
// PATCH/DELETE and a page of another site cannot fake it, so the Origin must name this server (as the client
// reached it, or one of the configured public origins).
import type { IncomingMessage } from "node:http";
import { HttpError } from "./http.ts";

export function isSameOrigin(req: IncomingMessage, publicOrigins: string[] = []): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === "null") return false;
  const host = req.headers.host;
  const allowed = new Set(publicOrigins.map(originOf).filter(Boolean));
  if (host) {
    allowed.add(`http://${host}`.toLowerCase());
    allowed.add(`https://${host}`.toLowerCase());
  }
  return allowed.has(origin.toLowerCase());
}

/** Throws 403 unless the request comes from this site's own pages. */
export function requireSameOrigin(req: IncomingMessage, publicOrigins: string[] = []): void {
  if (!req.headers.origin) throw new HttpError(403, "This request must come from this site's own pages (Origin header missing).");
  if (!isSameOrigin(req, publicOrigins)) throw new HttpError(403, "Cross-site requests are not accepted: the Origin header does not name this server.");
}

function originOf(url: string): string {
  try {
    return new URL(url).origin.toLowerCase();
  } catch {
    return "";
  }
}
