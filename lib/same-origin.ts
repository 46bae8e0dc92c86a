// Cross-site request protection for state-changing requests: the browser's Origin header must name this
// server (as the client reached it, or one of the configured public origins).
import type { IncomingMessage } from "node:http";

export function isSameOrigin(req: IncomingMessage, publicOrigins: string[] = []): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === "null") return false;
  const host = req.headers.host;
  const allowed = new Set(publicOrigins.map(originOf).filter(Boolean));
  if (host) {
    allowed.add(`http://${host}`);
    allowed.add(`https://${host}`);
  }
  return allowed.has(origin);
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "";
  }
}
