// IP address lists (single addresses and CIDR ranges, IPv4 and IPv6) and the client address behind proxies.
import { BlockList, isIP } from "node:net";

/** Strips the IPv4-mapped IPv6 prefix so "::ffff:10.0.0.1" and "10.0.0.1" are the same client. */
export function normalizeIp(address: string | undefined): string {
  if (!address) return "";
  const a = address.trim();
  return a.toLowerCase().startsWith("::ffff:") && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

export class AddressList {
  private readonly list = new BlockList();
  // BlockList.check walks every rule: with 1,000 phones' addresses that was ~6 µs per config request.
  // Single IPv4 addresses (always written one way) are answered from a Set first.
  private readonly ipv4 = new Set<string>();
  readonly invalid: string[] = [];
  size = 0;

  constructor(entries: Iterable<string>) {
    for (const raw of entries) {
      const entry = String(raw).trim();
      if (!entry) continue;
      const [addr, bits] = entry.split("/");
      const family = isIP(addr);
      const prefix = bits === undefined ? undefined : Number(bits);
      if (!family || (prefix !== undefined && (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)))) {
        this.invalid.push(entry);
        continue;
      }
      const type = family === 4 ? "ipv4" : "ipv6";
      if (prefix === undefined) this.list.addAddress(addr, type);
      else this.list.addSubnet(addr, prefix, type);
      if (prefix === undefined && family === 4) this.ipv4.add(addr);
      this.size++;
    }
  }

  has(address: string): boolean {
    const a = normalizeIp(address);
    if (this.ipv4.has(a)) return true;
    const family = isIP(a);
    return family !== 0 && this.list.check(a, family === 4 ? "ipv4" : "ipv6");
  }
}

/**
 * The client's address: the socket peer, unless that peer is a trusted proxy — then the right-most
 * X-Forwarded-For entry that is not itself a trusted proxy (entries further left are client-controlled).
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trusted: AddressList): string {
  const peer = normalizeIp(socketAddress);
  if (!forwardedFor || trusted.size === 0 || !trusted.has(peer)) return peer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor).split(",").map((h) => normalizeIp(h));
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isIP(hops[i])) return peer;
    if (!trusted.has(hops[i])) return hops[i];
  }
  return peer;
}
