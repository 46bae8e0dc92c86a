// The texts of an instance (switchboard.yml `name` and `instance:`) on the pages people outside see: the name in
// the title, the introduction at the top, the copyright at the foot. Always escaped: they are plain text.
import { escapeHtml as e } from "../../lib/html.ts";
import type { InstanceSettings } from "../config/instance-settings.ts";

export interface InstanceTexts extends InstanceSettings {
  name: string;
}

/** "<what> · <name>" for a page's <title>. */
export const pageTitle = (t: InstanceTexts, what: string): string => `${e(what)} · ${e(t.name)}`;

/** The introduction, one <p> per paragraph (a blank line starts the next); empty when there is none. */
export function introHtml(t: InstanceTexts): string {
  if (!t.intro_registration) return "";
  const paragraphs = t.intro_registration.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return `<section class="instance-intro">${paragraphs.map((p) => `<p>${e(p)}</p>`).join("")}</section>`;
}

/** The foot of the page with the copyright; empty when there is none. */
export const footerHtml = (t: InstanceTexts): string =>
  t.copyright ? `<footer class="instance-footer"><p>${e(t.copyright)}</p></footer>` : "";
