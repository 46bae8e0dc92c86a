// The self-service pages (/account, /account/sign-up): static shells from public/self-service/ framed like the other
// pages people outside reach — the instance's name in the title, its introduction at the top and its copyright at
// the foot (switchboard.yml `instance:`); the theme is css/<instance>.style.css when there is one (DESIGN §6).
import type { App } from "../app.ts";
import { footerHtml, introHtml } from "./instance-texts.ts";
import { renderShell } from "./shell.ts";

// Where a shell wants the instance's texts.
const INTRO = "<!-- instance-intro -->";
const FOOTER = "<!-- instance-footer -->";

/** `file` below public/self-service/ (a fixed name chosen by a route module). */
export async function renderSelfServicePage(app: App, file: string): Promise<string> {
  const { name, instance } = app.store.config.switchboard;
  const texts = { name, ...instance };
  const page = await renderShell(app, `self-service/${file}`);
  return page.replace(INTRO, () => introHtml(texts)).replace(FOOTER, () => footerHtml(texts));
}
