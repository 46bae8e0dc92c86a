// Warnings about a config that loads but will not do what its author meant: parameter names no phone knows
// (typos are the commonest mistake), Switchboard's own phone keys misspelt (they would reach the phone as a
// parameter), and missing files whose absence explains a symptom.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { editDistance } from "../../lib/spelling.ts";
import { parameterCatalogue, ParameterNames } from "../mpp/parameter-names.ts";
import type { Layers } from "./layer-files.ts";
import { PHONE_LISTS, PHONE_SETTINGS, type ParamMap, type PhoneEntry, type SchemaConfig, type ServiceConfig } from "./mpp-files.ts";

/** Switchboard's keys in a phone entry (DESIGN §4). */
export const SWITCHBOARD_PHONE_KEYS: readonly string[] = [...PHONE_SETTINGS, ...PHONE_LISTS];

/** Lower-case keys longer than this are not compared with ours (no key of ours is near that long). */
const MAX_PHONE_KEY = 32;

export interface ParameterCheck {
  common: ParamMap;
  models?: Layers;
  groups?: Layers;
  phones: PhoneEntry[];
  schema: SchemaConfig;
  /** Names never reported (secrets and the comparison blacklist, which a generated schema leaves out). */
  ignored: (name: string) => boolean;
}

/**
 * Names neither schema.yml nor the catalogue knows, each with the name probably meant, and lower-case phone
 * keys a small edit away from one of ours.
 */
export function parameterWarnings({ common, models = new Map(), groups = new Map(), phones, schema, ignored }: ParameterCheck): string[] {
  const catalogue = parameterCatalogue();
  const schemaNames = new ParameterNames(schema.params.keys());
  // Phones repeat the same few names (and a script-made phones.yml the same typo): each name is judged once, so
  // 50,000 phones' entries are checked in milliseconds.
  // name → what is wrong with it (to follow the file, or the phone), null when it is known
  const verdicts = new Map<string, string | null>();
  const verdict = (name: string, phone: boolean): string | null => {
    const key = phone ? `phone:${name}` : name;
    let text = verdicts.get(key);
    if (text !== undefined) return text;
    if (schema.params.has(name) || catalogue.has(name) || schemaNames.has(name) || ignored(name)) text = null;
    else {
      const ours = phone ? misspeltPhoneKey(name) : undefined;
      text = ours
        ? `: ${name} is not a Switchboard key and would be sent to the phone as a parameter: did you mean ${ours}?`
        : ` parameter ${name} ${unknownNameHint(name, catalogue, schemaNames)}`;
    }
    verdicts.set(key, text);
    return text;
  };
  const warnings: string[] = [];
  for (const name of common.keys()) {
    const text = verdict(name, false);
    if (text !== null) warnings.push(`common.yml:${text}`);
  }
  for (const [file, layers, what] of [["models.yml", models, "model"], ["groups.yml", groups, "group"]] as const) {
    for (const [layer, params] of layers) {
      for (const name of params.keys()) {
        const text = verdict(name, false);
        if (text !== null) warnings.push(`${file}: ${what} "${layer}"${text}`);
      }
    }
  }
  for (const phone of phones) {
    if (phone.group !== undefined && !groups.has(phone.group)) warnings.push(`phones.yml: phone "${phone.id}": group "${phone.group}" is not in groups.yml, so no group parameters apply`);
    for (const name of phone.params.keys()) {
      const text = verdict(name, true);
      if (text !== null) warnings.push(`phones.yml: phone "${phone.id}"${text}`);
    }
  }
  return warnings;
}

function unknownNameHint(name: string, catalogue: ParameterNames, schemaNames: ParameterNames): string {
  const a = catalogue.suggest(name);
  const b = schemaNames.suggest(name);
  const best = a?.caseOnly ? a : b?.caseOnly ? b : (a ?? b);
  if (!best) return "is not a known MPP parameter (not in schema.yml nor in Switchboard's catalogue): a typo?";
  return `is not a known MPP parameter: did you mean ${best.name}?${best.caseOnly ? " (names are case-sensitive)" : ""}`;
}

/** The key of ours a lower-case key is a small edit away from (one edit for our four-letter keys, two otherwise). */
export function misspeltPhoneKey(key: string): string | undefined {
  if (key.length > MAX_PHONE_KEY || key !== key.toLowerCase() || !/[a-z]/.test(key)) return undefined;
  let best: { key: string; distance: number } | undefined;
  for (const ours of SWITCHBOARD_PHONE_KEYS) {
    const limit = ours.length <= 4 ? 1 : 2;
    const distance = editDistance(key, ours, limit);
    if (distance > 0 && distance <= limit && (!best || distance < best.distance)) best = { key: ours, distance };
  }
  return best?.key;
}

/** Files whose absence is not an error but explains what the admin will see. */
export function missingFileWarnings(dir: string, service: ServiceConfig): string[] {
  const missing = (file: string) => !existsSync(join(dir, file));
  const warnings: string[] = [];
  if (missing("phones.yml")) warnings.push(`phones.yml is missing in ${dir}: no phone gets a profile of its own (copy config/phones.example.yml)`);
  if (missing("common.yml")) warnings.push(`common.yml is missing in ${dir}: phones get only the parameters phones.yml gives them (copy config/common.example.yml)`);
  if (service.auth.enabled && service.auth.users.length === 0) {
    warnings.push(missing("serviceconfig.yml")
      ? `serviceconfig.yml is missing in ${dir}: it lists who may sign in (auth.users), so every sign-in to the admin pages fails (copy config/serviceconfig.example.yml)`
      : "serviceconfig.yml lists no auth.users: every sign-in to the admin pages fails (add a user, or set auth.enabled: false on a trusted network)");
  }
  return warnings;
}
