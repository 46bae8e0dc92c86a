// Cross-site request protection for state-changing requests: a browser always sends Origin on POST/PUT/
// PATCH/DELETE and a page of another site cannot fake it, so the Origin must name one of our own origins —
// the configured public URL or an address we listen on. Never the request's own Host header: any page can
// reach us under a name it controls (DNS rebinding) and the Host then agrees with its Origin.
import type { IncomingHttpHeaders } from "node:http";
import { networkInterfaces } from "node:os";
import { HttpError } from "./http.ts";
import { listensOnAllAddresses } from "./listen-address.ts";

/** Throws 403 unless the Origin is one of `own` (a missing or "null" Origin is refused too). */
export function requireSameOrigin(origin: string | undefined, own: ReadonlySet<string>): void {
  if (!origin || origin === "null") throw new HttpError(403, "This request must come from this site's own pages (the Origin header is missing).");
  if (!own.has(origin.toLowerCase())) throw new HttpError(403, "Cross-site requests are not accepted: the Origin header does not name this server.");
}

/**
 * Whether a GET navigation came from one of our own pages or from the person (address bar, bookmark), not from
 * another site: Fetch Metadata's Sec-Fetch-Site where the browser sends it ("same-site" is a sibling host, not
 * us), else the Referer's origin. A request with neither is refused: it cannot show where it came from.
 */
export function isOwnNavigation(headers: IncomingHttpHeaders, own: ReadonlySet<string>): boolean {
  const site = headers["sec-fetch-site"];
  if (typeof site === "string") return site === "same-origin" || site === "none";
  return typeof headers.referer === "string" && own.has(originOf(headers.referer));
}

/** "http://pbx.example.com:8080/x" → "http://pbx.example.com:8080"; "" when not a URL. */
export function originOf(url: string): string {
  try {
    const o = new URL(url).origin;
    return o === "null" ? "" : o.toLowerCase();
  } catch {
    return "";
  }
}

/**
 * The origins a browser uses to reach a server listening on `host:port`: that address, or every local
 * interface address when it listens on all of them, plus localhost.
 */
export function listeningOrigins(host: string, port: number, scheme = "http"): string[] {
  const addresses = listensOnAllAddresses(host)
    ? Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address))
    : [host];
  const hosts = [...new Set([...addresses, "localhost"])].map((a) => (a.includes(":") ? `[${a.split("%")[0]}]` : a));
  return hosts.map((h) => originOf(`${scheme}://${h}:${port}`)).filter(Boolean);
}
