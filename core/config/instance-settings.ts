// switchboard.yml `instance:` — the texts of one instance (FlexiAPI's config/instance.php), shown on the pages
// people outside reach: the account creation request page and the API page. Plain text, always escaped.
import type { ConfigProblem } from "../../lib/yaml.ts";

export interface InstanceSettings {
  /** The foot of those pages (FlexiAPI INSTANCE_COPYRIGHT). */
  copyright: string | null;
  /** The top of those pages; a blank line starts a new paragraph (FlexiAPI INSTANCE_INTRO_REGISTRATION, there Markdown). */
  intro_registration: string | null;
}

export const defaultInstanceSettings = (): InstanceSettings => ({ copyright: null, intro_registration: null });

export function validateInstanceSettings(s: InstanceSettings, file: string, problems: ConfigProblem[]): void {
  for (const key of ["copyright", "intro_registration"] as const) {
    const v = s[key] as unknown;
    if (v === null || v === undefined || v === "") s[key] = null;
    else if (typeof v === "string" || typeof v === "number") s[key] = String(v);
    else problems.push({ file, message: `instance.${key} must be a text` });
  }
}
