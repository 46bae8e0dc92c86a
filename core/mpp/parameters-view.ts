// A phone's effective parameters with the layer that set each (the compare page's "Set by"): common, model …,
// group …, account …, key … or phone. Secret values are masked as everywhere else (core/mpp/redact.ts).
import { NotFound } from "../../lib/errors.ts";
import type { App } from "../app.ts";
import { currentConfig, effectiveParams, modelEntry, ownParams, phoneModel } from "./layers.ts";
import { formatMac } from "./mac.ts";
import { phoneByMac } from "./identify.ts";
import { shownValue } from "./redact.ts";

export interface PhoneParameters {
  mac: string;
  phone_id: string;
  /** The model the layers were chosen by (`model:` in phones.yml, else the last User-Agent), and its models.yml entry. */
  model: string | null;
  model_entry: string | null;
  group: string | null;
  parameters: { name: string; value: string; ua: string; layer: string }[];
  /** Lines and keys the accounts could not fill. */
  warnings: string[];
}

export function phoneParameters(app: App, mac: string): PhoneParameters {
  const config = currentConfig(app);
  const phone = phoneByMac(config, mac);
  if (!phone) throw new NotFound(`Phone ${formatMac(mac)} is not in phones.yml.`);
  const model = phoneModel(phone, app.sightings.lastModel(mac));
  const own = ownParams(config, app.db, phone, model);
  const { secrets } = config.comparison;
  return {
    mac,
    phone_id: phone.id,
    model: model ?? null,
    model_entry: modelEntry(config, model) ?? null,
    group: phone.group ?? null,
    parameters: effectiveParams(config, own).map((p) => ({ name: p.name, value: shownValue(secrets, p.name, p.value), ua: p.ua ?? "na", layer: p.layer })),
    warnings: own.warnings,
  };
}
