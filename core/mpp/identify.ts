// Which phone is asking: by the requested identifier, the MAC in the User-Agent, or the client address.
import type { Config } from "../config/store.ts";
import type { PhoneEntry } from "../config/mpp-files.ts";
import { formatMac, normalizeMac } from "./mac.ts";

export interface UserAgentInfo {
  model?: string; // "CP-6841-3PCC"
  firmware?: string; // "12.0.1"
  mac?: string;
}

/** An MPP phone's User-Agent is under 100 characters; only this much of a longer one is read. */
export const USER_AGENT_LIMIT = 512;

// Model and firmware right after the first "Cisco", tried at that one position (sticky): a pattern retried from
// every position of a hostile header ("Cisco-CP-" repeated) costs quadratic time.
const MODEL_AND_FIRMWARE = /[-/ ]?([A-Za-z0-9][A-Za-z0-9-]*)\/([^\s(]+)/y;
const MAC_IN_PARENTHESES = /\(([0-9a-fA-F]{12}|(?:[0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2})\)/;

/** Parses a Cisco MPP User-Agent such as `Cisco-CP-6841-3PCC/12.0.1 (001122334455)`. */
export function parseUserAgent(header: string | undefined): UserAgentInfo {
  if (!header) return {};
  const ua = header.slice(0, USER_AGENT_LIMIT);
  const info: UserAgentInfo = {};
  const cisco = ua.search(/cisco/i);
  if (cisco >= 0) {
    MODEL_AND_FIRMWARE.lastIndex = cisco + "cisco".length;
    const m = MODEL_AND_FIRMWARE.exec(ua);
    if (m && !m[1].endsWith("-")) {
      info.model = m[1];
      info.firmware = m[2];
    }
  }
  const mac = MAC_IN_PARENTHESES.exec(ua);
  if (mac) info.mac = normalizeMac(mac[1]);
  return info;
}

export interface PhoneIndex {
  byId: Map<string, PhoneEntry>;
  byMac: Map<string, PhoneEntry>;
  bySerial: Map<string, PhoneEntry>;
  byIp: Map<string, PhoneEntry>;
}

/** phones.yml by ID, MAC, serial number and address (the first phone with an address wins it). */
export function indexPhones(phones: PhoneEntry[]): PhoneIndex {
  const index: PhoneIndex = { byId: new Map(), byMac: new Map(), bySerial: new Map(), byIp: new Map() };
  for (const p of phones) {
    index.byId.set(p.id, p);
    if (p.mac) index.byMac.set(p.mac, p);
    if (p.serial_number) index.bySerial.set(p.serial_number.toUpperCase(), p);
    if (p.ip_address && !index.byIp.has(p.ip_address)) index.byIp.set(p.ip_address, p);
  }
  return index;
}

export function phoneByMac(config: Config, mac: string): PhoneEntry | undefined {
  return config.phoneIndex.byMac.get(mac);
}

/** The phone an identifier names: its ID, MAC in any common form, or serial number. */
export function phoneByIdentifier(config: Config, identifier: string): PhoneEntry | undefined {
  const index = config.phoneIndex;
  const mac = normalizeMac(identifier);
  return index.byId.get(identifier) ?? (mac ? index.byMac.get(mac) : undefined) ?? index.bySerial.get(identifier.toUpperCase());
}

export type IdentifiedBy = "identifier" | "user-agent" | "client-ip";

// What a phone's own identifier looks like in a path even when we do not know it: a MAC's slot (12 letters or
// digits, bare, in pairs or in Cisco's dotted quads; "ZZZZZZZZZZZZ" is a broken MAC, not a free word) or a Cisco
// serial number (FCH2148ABCD). Fixed lengths, anchored: linear on any input.
const IDENTIFIER_SHAPE = /^(?:[0-9a-z]{12}|(?:[0-9a-z]{2}[:-]){5}[0-9a-z]{2}|[0-9a-z]{4}\.[0-9a-z]{4}\.[0-9a-z]{4}|[a-z]{3}\d{4}[0-9a-z]{4})$/i;

/** Whether a path's `<id>` names a phone (a phone ID, MAC or serial number of phones.yml, or one shaped like it). */
export function namesPhone(config: Config, identifier: string): boolean {
  return phoneByIdentifier(config, identifier) !== undefined || IDENTIFIER_SHAPE.test(identifier);
}

/**
 * The phone a request is for (DESIGN §5.1): the phone its path names, else — for a path that is no bootstrap name
 * (answered before any fallback) — the MAC its User-Agent names, and only that MAC. The phone configured with the
 * client's address only when neither the path nor the User-Agent names a phone: an unknown phone on a reused
 * address must not get the old phone's line.
 */
export function identifyPhone(config: Config, identifier: string, ua: UserAgentInfo, clientIp: string): { phone: PhoneEntry; by: IdentifiedBy } | undefined {
  const direct = phoneByIdentifier(config, identifier);
  if (direct) return { phone: direct, by: "identifier" };
  if (bootstrapModel(identifier)) return undefined;
  if (ua.mac) {
    const byUa = config.phoneIndex.byMac.get(ua.mac);
    return byUa ? { phone: byUa, by: "user-agent" } : undefined;
  }
  const byIp = namesPhone(config, identifier) ? undefined : config.phoneIndex.byIp.get(clientIp);
  return byIp ? { phone: byIp, by: "client-ip" } : undefined;
}

/** The MAC a request names, by its path (a MAC, or a phone of phones.yml that has one) or its User-Agent. */
export function namedMac(config: Config, identifier: string, ua: UserAgentInfo): string | undefined {
  return normalizeMac(identifier) ?? phoneByIdentifier(config, identifier)?.mac ?? ua.mac;
}

/**
 * A phone reads only its own profile (DESIGN §5.1): when the User-Agent names a MAC, a path that names another
 * phone — by MAC, serial number or ID, or a phone entry without a MAC — is someone else's. Returns what the path
 * names in that case (for the refusal), else undefined. Paths that name no phone fall back to the UA's own MAC.
 */
export function foreignProfile(config: Config, identifier: string, ua: UserAgentInfo): string | undefined {
  if (!ua.mac) return undefined;
  const direct = phoneByIdentifier(config, identifier);
  if (direct) return direct.mac === ua.mac ? undefined : `phone "${direct.id}"`;
  const mac = normalizeMac(identifier);
  return mac !== undefined && mac !== ua.mac ? `MAC ${formatMac(mac)}` : undefined;
}

/**
 * A factory-reset phone asks for its default Profile_Rule `/$PSN.xml`: "CP-8841-3PCC", "8841-3PCC", "CP-8841"
 * or "8841". Returns the model name when the identifier looks like one.
 */
export function bootstrapModel(identifier: string): string | undefined {
  const m = /^(?:CP-)?(\d{4}[A-Z]?)(?:-3PCC)?(?:-[A-Z]+)?$/i.exec(identifier);
  return m ? identifier.toUpperCase() : undefined;
}
