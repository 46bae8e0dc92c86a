// The static page shells of public/ as they are served: the instance's name (switchboard.yml `name`) in the title,
// the page's application-name and its brand, and — for pages with a navigation bar — the links the signed-in role
// may open. A shell's script fills in the rest from the JSON API.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { escapeHtml as e } from "../../lib/html.ts";
import type { App } from "../app.ts";
import type { Role } from "../auth/roles.ts";
import { navigationHtml } from "./nav.ts";

/** The navigation of a page: who is signed in (undefined: nobody, a key holder) and which link is this page. */
export interface ShellNav {
  role: Role | undefined;
  current: string;
}

// What a shell holds for the server to fill: "<what> · Switchboard" titles, the application-name, the brand, and
// an empty <header class="top"></header> where the navigation goes.
const TITLE = /<title>([^<]*) · Switchboard<\/title>/;
const APPLICATION_NAME = '<meta name="application-name" content="Switchboard">';
const BRAND = '<strong class="brand">Switchboard</strong>';
const EMPTY_NAV = '<header class="top"></header>';

/** `file` below public/ (a fixed name chosen by a route module, never a request's path). */
export async function renderShell(app: App, file: string, nav?: ShellNav): Promise<string> {
  const name = app.store.config.switchboard.name;
  const page = await readFile(join(app.publicDir, file), "utf8");
  return page
    .replace(TITLE, (_m, what: string) => `<title>${what} · ${e(name)}</title>`)
    .replace(APPLICATION_NAME, `<meta name="application-name" content="${e(name)}">`)
    .replace(BRAND, `<strong class="brand">${e(name)}</strong>`)
    .replace(EMPTY_NAV, () => (nav ? navigationHtml(name, nav.role, nav.current) : EMPTY_NAV));
}
