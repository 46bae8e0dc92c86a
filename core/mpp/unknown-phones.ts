// The dashboard's "Seen, not in phones.yml": phones that asked for a profile and got none of their own, or sent
// reports, but are not configured — each with a phones.yml entry ready to paste.
import { listUnknownPhones, type UnknownPhoneAnswer } from "../../db/unknown-phones.ts";
import { toYaml } from "../../lib/yaml.ts";
import type { App } from "../app.ts";
import type { Config } from "../config/store.ts";
import { phoneByMac } from "./identify.ts";
import { formatMac } from "./mac.ts";
import { unconfiguredSightings } from "./overview.ts";

export interface UnknownPhone {
  mac: string;
  model: string | null;
  firmware: string | null;
  ip_address: string | null;
  user_agent: string | null;
  /** The `<id>` of the last `/<id>.xml` it asked for; null for a phone that only sent reports. */
  requested: string | null;
  answer: UnknownPhoneAnswer | null;
  requests: number;
  first_seen_at: string | null;
  last_seen_at: string | null;
  last_report_at: string | null;
  /** Lines to paste under `phones:` in phones.yml: the phone then gets its own profile. */
  stub: string;
}

/** Phones not in phones.yml, seen most recently first. */
export function unknownPhones(app: App): UnknownPhone[] {
  const config = app.store.config;
  const reported = new Map(unconfiguredSightings(app).map((s) => [s.mac, s])); // flushes the buffered requests too
  const asked = listUnknownPhones(app.db).filter((u) => !phoneByMac(config, u.mac));
  const phones: UnknownPhone[] = asked.map((u) => {
    const lastReport = reported.get(u.mac)?.last_report_at ?? null;
    reported.delete(u.mac);
    return { ...u, last_report_at: lastReport, stub: phonesYmlStub(config, u.mac, u.model) };
  });
  for (const s of reported.values()) {
    phones.push({
      mac: s.mac, model: s.model, firmware: s.firmware, ip_address: s.ip_address, user_agent: s.user_agent,
      requested: null, answer: null, requests: s.config_requests, first_seen_at: null,
      last_seen_at: [s.last_config_at, s.last_report_at].filter((t) => t !== null).sort().at(-1) ?? null,
      last_report_at: s.last_report_at, stub: phonesYmlStub(config, s.mac, s.model),
    });
  }
  return phones.sort((a, b) => (b.last_seen_at ?? "").localeCompare(a.last_seen_at ?? ""));
}

/**
 * A phones.yml entry for a phone: an ID not yet taken, its MAC (which is what identifies it from now on) and its
 * model as the label, indented to go under `phones:`. Its parameters (lines, passwords) are the admin's to add.
 */
export function phonesYmlStub(config: Config, mac: string, model: string | null): string {
  const base = `phone-${mac.slice(-6)}`;
  const id = config.phoneIndex.byId.has(base) ? `phone-${mac}` : base;
  const entry: Record<string, string> = { mac: formatMac(mac) };
  if (model) entry.label = model;
  const lines = toYaml({ [id]: entry }, true).trimEnd().split("\n");
  return lines.map((l) => `  ${l}\n`).join("");
}
