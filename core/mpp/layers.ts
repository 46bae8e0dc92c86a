// A phone's effective parameters, layer over layer: common.yml → models.yml (the phone's `model:` key, else the
// model its User-Agent names) → groups.yml (its `group:` key) → its lines and keys from the SIP accounts → its
// own entry in phones.yml. What lies over common.yml is computed once per config generation and model, and
// again after any SIP account changes (an account's new password reaches the phone's next fetch).
import { accountsVersion } from "../../db/accounts.ts";
import type { Db } from "../../db/open.ts";
import { getSighting } from "../../db/sightings.ts";
import type { Param, ParamMap, PhoneEntry } from "../config/mpp-files.ts";
import type { Config } from "../config/store.ts";
import type { App } from "../app.ts";
import { keyLayoutName, linesAndKeys, modelNumber } from "./phone-lines.ts";
import { mergeParams } from "./profile.ts";

export interface OwnParams {
  /** The parameters over common.yml, in the order they render after common's. */
  params: ParamMap;
  /** Parameter → the layer that set it (`model …`, `group …`, `account …`, `key …`); absent: the phone's own. */
  layers: Map<string, string>;
  /** Lines and keys that could not be filled (no account, no cleartext password, no free key). */
  warnings: string[];
  /** The encoded profile, once served (core/mpp/profile.ts), and its fingerprint (profile-versions.ts). */
  chunks?: Buffer[];
  fingerprint?: string;
}

/** The models.yml entry for a model name, matched as "8841" whether written CP-8841-3PCC, 8841-3PCC or 8841. */
export function modelEntry(config: Config, model: string | undefined): string | undefined {
  if (!model || !config.models.size) return undefined;
  if (config.models.has(model)) return model;
  const wanted = modelNumber(model);
  for (const name of config.models.keys()) if (modelNumber(name) === wanted) return name;
  return undefined;
}

/** The model a phone is: its `model:` key, else the one its (last) User-Agent named. */
export const phoneModel = (phone: PhoneEntry, seenModel: string | undefined): string | undefined => phone.model ?? seenModel;

/**
 * The model a phone's stored sighting names, read only when it matters (models.yml has entries, or the phone has
 * keys to lay out) and its phones.yml entry names none.
 */
export function seenModel(config: Config, db: Db, phone: PhoneEntry): string | undefined {
  if (phone.model !== undefined || phone.mac === undefined || (!config.models.size && !phone.keys?.length)) return undefined;
  return getSighting(db, phone.mac)?.model ?? undefined;
}

/** The layers over common for the phone's model as configured or last seen (not a request's User-Agent). */
export const configuredOwn = (config: Config, db: Db, phone: PhoneEntry): OwnParams => ownParams(config, db, phone, seenModel(config, db, phone));

/** Every layer over common, for the phone's model as configured or last seen: what its profile holds now. */
export const configuredParams = (config: Config, db: Db, phone: PhoneEntry): ParamMap => mergeParams(config.common, configuredOwn(config, db, phone).params);

/**
 * Empties the per-phone caches when the SIP accounts changed since they were made: lines come from accounts, so
 * a profile, a remembered answer, a fingerprint or a comparison made before may be out of date.
 */
export function followAccounts(config: Config, db: Db): boolean {
  const version = accountsVersion(db);
  const { caches } = config;
  if (caches.accountsVersion === version) return false;
  const emptied = caches.accountsVersion !== undefined;
  if (emptied) {
    caches.profileAnswers.clear();
    caches.ownParams.clear();
    caches.comparisons.clear();
    caches.profileVersions = undefined;
  }
  caches.accountsVersion = version;
  return emptied;
}

/**
 * The config with its per-phone caches following the accounts, for a request's start (profile, drift, dashboard):
 * after an account change the phones' new profile versions are stored too, as after a reload.
 */
export function currentConfig(app: App): Config {
  const config = app.store.config;
  if (followAccounts(config, app.db)) app.profileVersions.recordSoon();
  return config;
}

/** What lies over common.yml for this phone (of this model), cached for the generation and accounts version. */
export function ownParams(config: Config, db: Db, phone: PhoneEntry, lastModel?: string): OwnParams {
  followAccounts(config, db);
  const model = phoneModel(phone, lastModel);
  const entry = modelEntry(config, model);
  // Kept by what the model changes (its models.yml entry, its key layout), never by the User-Agent's text: a
  // phone sending a new model name with each request must not grow this cache.
  // A phone with neither (most) is kept by its ID as it is: no key string of its own per phone.
  const layout = phone.keys?.length ? keyLayoutName(model) : "";
  const key = entry === undefined && !layout ? phone.id : `${phone.id}\n${entry ?? ""}\n${layout}`;
  let own = config.caches.ownParams.get(key);
  if (!own) config.caches.ownParams.set(key, (own = layerParams(config, db, phone, model, entry)));
  return own;
}

function layerParams(config: Config, db: Db, phone: PhoneEntry, model: string | undefined, entry: string | undefined): OwnParams {
  const layers: [string, ParamMap][] = [];
  if (entry !== undefined) layers.push([`model ${entry}`, config.models.get(entry)!]);
  const group = phone.group === undefined ? undefined : config.groups.get(phone.group);
  if (group) layers.push([`group ${phone.group}`, group]);
  // The seed's layout (common + phones): the phone's own parameters as they are, nothing copied per phone.
  if (!layers.length && !phone.lines?.length && !phone.keys?.length) return { params: phone.params, layers: NO_LAYERS, warnings: NO_WARNINGS };
  const own: OwnParams = { params: new Map(), layers: new Map(), warnings: [] };
  const add = (params: ParamMap, layer: (name: string) => string | undefined) => {
    for (const [name, p] of params) {
      own.params.set(name, p);
      const set = layer(name);
      if (set === undefined) own.layers.delete(name);
      else own.layers.set(name, set);
    }
  };
  for (const [layer, params] of layers) add(params, () => layer);
  if (phone.lines?.length || phone.keys?.length) {
    // Lines and keys fill what the files leave free; the phone's own entry still has the last word.
    const configured = (name: string) => phone.params.get(name)?.value ?? own.params.get(name)?.value ?? config.common.get(name)?.value;
    const derived = linesAndKeys(db, phone, model, config.switchboard.accounts.sip_domain, configured);
    add(derived.params, (name) => derived.layers.get(name)!);
    own.warnings.push(...derived.warnings);
  }
  add(phone.params, () => undefined);
  return own;
}

// Shared by every phone of the seed's layout (50,000 phones need not hold 50,000 empty collections); never changed.
const NO_LAYERS: Map<string, string> = new Map();
const NO_WARNINGS: string[] = [];

export interface EffectiveParam extends Param {
  name: string;
  layer: string;
}

/** Every parameter the phone's profile carries, with the layer that set it (the dashboard's "set by"). */
export function effectiveParams(config: Config, own: OwnParams): EffectiveParam[] {
  const out = new Map<string, EffectiveParam>();
  for (const [name, p] of config.common) out.set(name, { name, ...p, layer: "common" });
  for (const [name, p] of own.params) out.set(name, { name, ...p, layer: own.layers.get(name) ?? "phone" });
  return [...out.values()];
}

/**
 * What the accounts leave unfilled for every phone with lines or keys (listed with the config warnings).
 * `lastModel`: the server's sightings, newer than the stored ones read without it (config:check).
 */
export function lineWarnings(config: Config, db: Db, lastModel?: (mac: string) => string | undefined): string[] {
  const warnings: string[] = [];
  for (const phone of config.phones) {
    if (!phone.lines?.length && !phone.keys?.length) continue;
    const model = lastModel ? phone.mac && lastModel(phone.mac) : seenModel(config, db, phone);
    warnings.push(...ownParams(config, db, phone, model).warnings);
  }
  return warnings;
}
