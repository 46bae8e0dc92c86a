// Renders a phone's XML profile: common parameters, then the phone's own over them, each exactly as written.
import { XmlWriter } from "../../lib/xml.ts";
import type { Config } from "../config/store.ts";
import type { Param, ParamMap, PhoneEntry } from "../config/mpp-files.ts";

/** Phone over common, in common's order with the phone's additions after. */
export function mergeParams(common: ParamMap, phone?: PhoneEntry): ParamMap {
  const merged = new Map(common);
  if (phone) for (const [name, p] of phone.params) merged.set(name, p);
  return merged;
}

/**
 * Only parameters written in common.yml or phones.yml appear: schema.yml lists what a phone knows, and an
 * empty element would blank the phone's own setting.
 */
export function renderParams(params: Iterable<[string, Param]>, xmlPath: string[]): string {
  const w = new XmlWriter();
  for (const el of xmlPath) w.start(el).newline();
  for (const [name, p] of params) w.element(name, p.value, { ua: p.ua ?? "na" }).newline();
  for (let i = 0; i < xmlPath.length; i++) w.end().newline();
  return w.toString();
}

/** The encoded profile, cached for the life of this config generation (a reload starts a new cache). */
export function cachedProfile(config: Config, phone: PhoneEntry): Buffer {
  const key = `profile:${phone.id}`;
  let body = config.cache.get(key) as Buffer | undefined;
  if (!body) {
    body = Buffer.from(renderParams(mergeParams(config.common, phone), config.schema.xmlPath), "utf8");
    config.cache.set(key, body);
  }
  return body;
}

/** What a factory-reset phone gets: where its own profile lives (and the firmware rule), no secrets. */
export function renderBootstrap(config: Config): string {
  const params = new Map<string, Param>([["Profile_Rule", { value: `${config.switchboard.public_url}/$MA.xml` }]]);
  const fw = config.firmware;
  if (fw.update_enabled && fw.upgrade_url) params.set("Upgrade_Rule", { value: fw.upgrade_url });
  return renderParams(params, config.schema.xmlPath);
}
