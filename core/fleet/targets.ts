// Which phones a resync or reboot reaches, and how (README "Remote resync and reboot"): one phone, a group
// (phones.yml `group:`) or all phones with a MAC. A phone is asked at the address it last fetched its profile from,
// else its phones.yml ip_address, on its Web_Server_Port; with the Admin_Password of the profile it runs (a pinned version's, if pinned);
// over SIP by its line-1 User_ID.
import { listSightings } from "../../db/sightings.ts";
import { Invalid, NotFound } from "../../lib/errors.ts";
import type { ParamMap } from "../config/mpp-files.ts";
import type { App } from "../app.ts";
import type { SightingBuffer } from "../mpp/sightings.ts";
import { normalizeMac } from "../mpp/mac.ts";
import { configuredParams } from "../mpp/layers.ts";

/** What a job reads: the server's App, or what the console command opens (no sightings buffer: the db has them). */
export type FleetApp = Pick<App, "store" | "db" | "pins"> & { sightings?: Pick<SightingBuffer, "flush"> };

export type Selection = { mac: string } | { group: string } | { all: true };

export interface FleetTarget {
  mac: string;
  /** Its phones.yml ID and label, for the progress list. */
  name: string;
  address?: string;
  /** The phone's web server port (Web_Server_Port; 80 when the profile does not set it). */
  webPort?: string;
  adminPassword?: string;
  /** False when the profile does not set Enable_Direct_Action_Url: Yes (the phone then refuses direct actions). */
  directActionEnabled: boolean;
  /** The PJSIP endpoint for SIP NOTIFY: line 1's User_ID. */
  sipEndpoint?: string;
}

/** The groups (phones.yml `group:`) of phones a job can reach, sorted, and how many phones it can reach at all. */
export function fleetGroups(app: FleetApp): { groups: string[]; phones: number } {
  const phones = app.store.config.phones.filter((p) => p.mac !== undefined);
  return { groups: [...new Set(phones.flatMap((p) => (p.group ? [p.group] : [])))].sort(), phones: phones.length };
}

/** What the selection reads, for the audit log and the page. */
export function describeSelection(s: Selection): string {
  return "mac" in s ? s.mac : "group" in s ? `group ${s.group}` : "all phones";
}

/** `{mac}`, `{group}` or `{all: true}` from a request body or the command line; Invalid otherwise. */
export function parseSelection(input: { mac?: unknown; group?: unknown; all?: unknown }): Selection {
  if (typeof input.mac === "string" && input.mac) {
    const mac = normalizeMac(input.mac);
    if (!mac) throw Invalid.field("mac", `"${input.mac}" is not a MAC address.`);
    return { mac };
  }
  if (typeof input.group === "string" && input.group) return { group: input.group };
  if (input.all === true) return { all: true };
  throw new Invalid("Name a phone (mac), a group or all phones (all: true).");
}

export function resolveTargets(app: FleetApp, selection: Selection): FleetTarget[] {
  const config = app.store.config;
  const phones = config.phones.filter((p) => p.mac !== undefined
    && ("mac" in selection ? p.mac === selection.mac : "group" in selection ? p.group === selection.group : true));
  if (!phones.length) throw new NotFound(`No phone with a MAC in phones.yml matches ${describeSelection(selection)}.`);
  app.sightings?.flush();
  const seenAt = new Map(listSightings(app.db).map((s) => [s.mac, s.ip_address ?? undefined]));
  return phones.map((phone) => {
    const mac = phone.mac!;
    const params: ParamMap = app.pins.served(mac)?.params ?? configuredParams(config, app.db, phone);
    const value = (name: string) => params.get(name)?.value || undefined;
    return {
      mac,
      name: phone.label ? `${phone.id} (${phone.label})` : phone.id,
      address: seenAt.get(mac) ?? phone.ip_address,
      webPort: value("Web_Server_Port"),
      adminPassword: value("Admin_Password"),
      directActionEnabled: value("Enable_Direct_Action_Url")?.toLowerCase() === "yes",
      sipEndpoint: value("User_ID_1_"),
    };
  });
}
