// Which phone is asking: by the requested identifier, the MAC in the User-Agent, or the client address.
import type { Config } from "../config/store.ts";
import type { PhoneEntry } from "../config/mpp-files.ts";
import { normalizeMac } from "./mac.ts";

export interface UserAgentInfo {
  model?: string; // "CP-6841-3PCC"
  firmware?: string; // "12.0.1"
  mac?: string;
}

/** Parses a Cisco MPP User-Agent such as `Cisco-CP-6841-3PCC/12.0.1 (001122334455)`. */
export function parseUserAgent(ua: string | undefined): UserAgentInfo {
  if (!ua) return {};
  const info: UserAgentInfo = {};
  const m = /Cisco[-/ ]?((?:CP-)?[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)\/([^\s(]+)/i.exec(ua);
  if (m) {
    info.model = m[1];
    info.firmware = m[2];
  }
  const mac = /\(([0-9a-fA-F]{12}|(?:[0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2})\)/.exec(ua);
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

/** Identifier first, then the User-Agent's MAC, then the phone configured with the client's address. */
export function identifyPhone(config: Config, identifier: string, ua: UserAgentInfo, clientIp: string): { phone: PhoneEntry; by: IdentifiedBy } | undefined {
  const direct = phoneByIdentifier(config, identifier);
  if (direct) return { phone: direct, by: "identifier" };
  const byUa = ua.mac ? config.phoneIndex.byMac.get(ua.mac) : undefined;
  if (byUa) return { phone: byUa, by: "user-agent" };
  const byIp = config.phoneIndex.byIp.get(clientIp);
  return byIp ? { phone: byIp, by: "client-ip" } : undefined;
}

/**
 * A factory-reset phone asks for its default Profile_Rule `/$PSN.xml`: "CP-8841-3PCC", "8841-3PCC", "CP-8841"
 * or "8841". Returns the model name when the identifier looks like one.
 */
export function bootstrapModel(identifier: string): string | undefined {
  const m = /^(?:CP-)?(\d{4}[A-Z]?)(?:-3PCC)?(?:-[A-Z]+)?$/i.exec(identifier);
  return m ? identifier.toUpperCase() : undefined;
}
