// IP address lists (single addresses and CIDR ranges, IPv4 and IPv6) and the client address behind proxies.
import { BlockList, isIP } from "node:net";
import { networkInterfaces } from "node:os";

/** Strips the IPv4-mapped IPv6 prefix so "::ffff:10.0.0.1" and "10.0.0.1" are the same client. */
export function normalizeIp(address: string | undefined): string {
  if (!address) return "";
  const a = address.trim();
  return a.toLowerCase().startsWith("::ffff:") && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

const VERDICTS_KEPT = 10_000;

export class AddressList {
  /**
   * Every rule, for an IPv6 client only: built at its first check (50,000 phones' addresses as BlockList rules hold
   * ~8 MB of native memory that an IPv4-only network never uses).
   */
  private list?: BlockList;
  /** The rules that are not single IPv4 addresses (those are in `ipv4`), for building `list`. */
  private readonly otherRules: [string, number | undefined, "ipv4" | "ipv6"][] = [];
  // BlockList.check walks every rule and builds a SocketAddress per call: with 1,000 phones' addresses that was
  // ~6 µs per config request, an address that only a range admits walked them all (~140 µs at 10,000 phones), and
  // even a short list cost ~4 µs. Single IPv4 addresses (isIP accepts one spelling only) are answered from a Set,
  // IPv4 ranges as numbers; BlockList is asked only for what those cannot answer: an IPv6 client (which may be an
  // IPv4-mapped one), or an IPv4 client when IPv6 rules exist (they may cover it).
  private readonly ipv4 = new Set<string>();
  /** IPv4 subnets as [first, last] address numbers, flattened. */
  private readonly ipv4Ranges: number[] = [];
  private ipv6Rules = 0;
  private readonly notSingleIpv4 = new BlockList();
  private readonly verdicts = new Map<string, boolean>();
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
      if (prefix === undefined && family === 4) this.ipv4.add(addr);
      else {
        this.otherRules.push([addr, prefix, type]);
        if (prefix === undefined) this.notSingleIpv4.addAddress(addr, type);
        else this.notSingleIpv4.addSubnet(addr, prefix, type);
      }
      if (family === 6) this.ipv6Rules++;
      else if (prefix !== undefined) {
        const size = 2 ** (32 - prefix);
        const first = ipv4Number(addr) - (ipv4Number(addr) % size);
        this.ipv4Ranges.push(first, first + size - 1);
      }
      this.size++;
    }
  }

  has(address: string): boolean {
    if (this.ipv4.has(address)) return true;
    // Phones ask from the same addresses over and over: a range's verdict is worked out once per address (~1 µs of
    // normalising and parsing per config request otherwise). Bounded against a client that varies its address.
    let verdict = this.verdicts.get(address);
    if (verdict === undefined) {
      verdict = this.check(normalizeIp(address));
      if (this.verdicts.size >= VERDICTS_KEPT) this.verdicts.clear();
      this.verdicts.set(address, verdict);
    }
    return verdict;
  }

  private check(a: string): boolean {
    if (this.ipv4.has(a)) return true;
    const family = isIP(a);
    if (family === 4) {
      const n = ipv4Number(a);
      const ranges = this.ipv4Ranges;
      for (let i = 0; i < ranges.length; i += 2) if (n >= ranges[i] && n <= ranges[i + 1]) return true;
      return this.ipv6Rules > 0 && this.notSingleIpv4.check(a, "ipv4");
    }
    return family === 6 && this.everyRule().check(a, "ipv6");
  }

  private everyRule(): BlockList {
    if (!this.list) {
      const list = new BlockList();
      for (const addr of this.ipv4) list.addAddress(addr, "ipv4");
      for (const [addr, prefix, type] of this.otherRules) {
        if (prefix === undefined) list.addAddress(addr, type);
        else list.addSubnet(addr, prefix, type);
      }
      this.list = list;
    }
    return this.list;
  }
}

/** A dotted-quad IPv4 address (as isIP accepts it) as a number. */
function ipv4Number(address: string): number {
  const [a, b, c, d] = address.split(".");
  return ((Number(a) << 24) >>> 0) + (Number(b) << 16) + (Number(c) << 8) + Number(d);
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

export type SpecialAddress = "loopback" | "link-local" | "unspecified" | "this machine's own";

function rangeList(ranges: [string, number][]): BlockList {
  const list = new BlockList();
  for (const [address, prefix] of ranges) list.addSubnet(address, prefix, isIP(address) === 4 ? "ipv4" : "ipv6");
  return list;
}

let special: [SpecialAddress, BlockList][] | undefined;

/**
 * Made on first use, not at start-up: the first IPv6 address node checks compiles its pattern (~15-25 ms of the
 * server's start). An IPv6 check also matches IPv4-mapped addresses (::ffff:127.0.0.1) against the IPv4 ranges.
 */
const specialRanges = (): [SpecialAddress, BlockList][] =>
  (special ??= [
    ["loopback", rangeList([["127.0.0.0", 8], ["::1", 128]])],
    ["link-local", rangeList([["169.254.0.0", 16], ["fe80::", 10]])],
    // Connecting to 0.0.0.0 or :: reaches this machine.
    ["unspecified", rangeList([["0.0.0.0", 8], ["::", 128]])],
  ]);

/**
 * What makes an address reach this machine or its link rather than another host: loopback, link-local
 * (169.254/16 holds cloud metadata services), unspecified, or an address of one of this machine's interfaces.
 * undefined for every other address (private LAN ranges included).
 */
export function specialAddress(address: string): SpecialAddress | undefined {
  const a = normalizeIp(address);
  const family = isIP(a);
  if (!family) return undefined;
  for (const [kind, list] of specialRanges()) if (list.check(a, family === 4 ? "ipv4" : "ipv6")) return kind;
  const own = new BlockList();
  for (const i of Object.values(networkInterfaces()).flat()) if (i) own.addAddress(i.address.split("%")[0], i.family === "IPv4" ? "ipv4" : "ipv6");
  return own.check(a, family === 4 ? "ipv4" : "ipv6") ? "this machine's own" : undefined;
}
