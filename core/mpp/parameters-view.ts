// A phone's effective parameters with the layer that set each (the compare page's "Set by"): common, model …,
// group …, account …, key … or phone. Secret values are masked as everywhere else (core/mpp/redact.ts).
import type { App } from "../app.ts";
import { currentConfig, effectiveParams, modelEntry, ownParams, phoneModel, type OwnParams } from "./layers.ts";
import { phoneByMac } from "./identify.ts";
import { shownValue } from "./redact.ts";

export interface PhoneParameters {
  mac: string;
  /** null: not in phones.yml (compared with common.yml alone, as drift does). */
  phone_id: string | null;
  /** The model the layers were chosen by (`model:` in phones.yml, else the last User-Agent), and its models.yml entry. */
  model: string | null;
  model_entry: string | null;
  group: string | null;
  parameters: { name: string; value: string; ua: string; layer: string }[];
  /** Lines and keys the accounts could not fill. */
  warnings: string[];
}

const NOTHING_OVER_COMMON: OwnParams = { params: new Map(), layers: new Map(), warnings: [] };

export function phoneParameters(app: App, mac: string): PhoneParameters {
  const config = currentConfig(app);
  const phone = phoneByMac(config, mac);
  const model = phone ? phoneModel(phone, app.sightings.lastModel(mac)) : undefined;
  const own = phone ? ownParams(config, app.db, phone, model) : NOTHING_OVER_COMMON;
  const { secrets } = config.comparison;
  return {
    mac,
    phone_id: phone?.id ?? null,
    model: model ?? null,
    model_entry: modelEntry(config, model) ?? null,
    group: phone?.group ?? null,
    parameters: effectiveParams(config, own).map((p) => ({ name: p.name, value: shownValue(secrets, p.name, p.value), ua: p.ua ?? "na", layer: p.layer })),
    warnings: own.warnings,
  };
}
