// The dial plan Contact Sync normalizes numbers with (smart contacts compare E.164 numbers): sync.default_country
// for numbers written without a country, and the directory's national and international prefixes.
import type { SwitchboardConfig } from "../config/switchboard.ts";
import type { DialPlan } from "../contacts/normalize.ts";

export function syncDialPlan(config: SwitchboardConfig): DialPlan {
  return { ...config.directory.dial, country_code: config.sync.default_country };
}
