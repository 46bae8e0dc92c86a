// Where a server listening on HOST:PORT can be reached from other machines, and which names reach this
// machine only (a phone asked to fetch http://localhost/… asks itself).
import { isIP, isIPv4 } from "node:net";
import { networkInterfaces } from "node:os";

/** A HOST that listens on every address of the machine ("0.0.0.0", "::", or none given). */
export function listensOnAllAddresses(host: string | undefined): boolean {
  return host === undefined || host === "" || host === "0.0.0.0" || host === "::";
}

/** Whether a hostname (as in a URL; IPv6 with or without brackets) names this machine only. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  // isIPv4, not isIP: node compiles its long IPv6 pattern on the first non-IPv4 check (~20 ms of start-up).
  if (isIPv4(h)) return h.startsWith("127.");
  return h === "::1" || h.startsWith("::ffff:127.");
}

/** This machine's first address other machines may reach: IPv4 before IPv6, never loopback or link-local. */
export function lanAddress(): string | undefined {
  const external = Object.values(networkInterfaces()).flatMap((list) => list ?? []).filter((i) => !i.internal);
  const v4 = external.find((i) => i.family === "IPv4" && !i.address.startsWith("169.254."));
  const v6 = external.find((i) => i.family === "IPv6" && !/^fe80:/i.test(i.address));
  return v4?.address ?? v6?.address.split("%")[0];
}

/** "http://host:port", an IPv6 address in brackets. */
export function httpUrl(host: string, port: number): string {
  return `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}
