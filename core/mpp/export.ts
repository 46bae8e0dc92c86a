// The unexpected parameters of a comparison as YAML an admin pastes into common.yml as is.
import { toYaml } from "../../lib/yaml.ts";
import { formatMac } from "./mac.ts";
import type { ComparedReport } from "./compare.ts";

export function unexpectedParamsYaml(c: Pick<ComparedReport, "mac" | "phone_id" | "report_id" | "received_at" | "unexpected_parameters">, now = new Date()): string {
  const common = Object.fromEntries(c.unexpected_parameters.map((p) => [p.parameter, p.reported_value]));
  const header = [
    `# Parameters phone ${formatMac(c.mac)}${c.phone_id ? ` (${c.phone_id})` : ""} reported that common.yml and phones.yml do not set.`,
    `# From report ${c.report_id} received ${c.received_at}; exported ${now.toISOString()}.`,
    `# Paste under "common:" in common.yml (or under the phone in phones.yml) and edit as needed.`,
  ];
  // Values single-quoted: the text the phone sent ("0600", "Yes", "") survives any YAML reader.
  const body = c.unexpected_parameters.length ? toYaml({ common }, true) : "common: {}\n";
  return `${header.join("\n")}\n${body}`;
}
