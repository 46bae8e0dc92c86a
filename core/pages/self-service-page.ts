// The self-service pages (/account, /account/sign-up): static shells from public/self-service/ framed like the other
// pages people outside reach — the instance's name in the title, its introduction at the top and its copyright at
// the foot (switchboard.yml `instance:`); the theme is css/<instance>.style.css when there is one (DESIGN §6).
import { signUpContact } from "../accounts/account-mail.ts";
import { codeSignInOffered } from "../accounts/sign-in-codes.ts";
import type { App } from "../app.ts";
import { footerHtml, introHtml } from "./instance-texts.ts";
import { renderShell } from "./shell.ts";

// Where a shell wants the instance's texts.
const INTRO = "<!-- instance-intro -->";
const FOOTER = "<!-- instance-footer -->";
const SIGN_UP_CONTACT = "<!-- sign-up-contact -->";

/** `file` below public/self-service/ (a fixed name chosen by a route module). */
export async function renderSelfServicePage(app: App, file: string): Promise<string> {
  const { name, instance } = app.store.config.switchboard;
  const texts = { name, ...instance };
  const page = await renderShell(app, `self-service/${file}`);
  return page.replace(INTRO, () => introHtml(texts)).replace(FOOTER, () => footerHtml(texts));
}

/** The field sign-up requires: where the confirmation key goes (email, or phone when only SMS is configured). */
const CONTACT_FIELDS = {
  email: '<label>Email <input name="email" id="new-email" type="email" autocomplete="email" required></label>',
  phone: '<label>Phone number <input name="phone" id="new-phone" type="tel" autocomplete="tel" placeholder="+4930123456" required></label>',
  none: '<label>Email (optional) <input name="email" id="new-email" type="email" autocomplete="email"></label>',
};

/** /account/sign-up, asking for the email or phone number that this server's confirmation uses. */
export async function renderSignUpPage(app: App): Promise<string> {
  const page = await renderSelfServicePage(app, "sign-up.html");
  return page.replace(SIGN_UP_CONTACT, () => CONTACT_FIELDS[signUpContact(app) ?? "none"]);
}

/** /account, offering sign-in by a code when something can carry one (the page's script reads the attribute). */
export async function renderAccountPage(app: App): Promise<string> {
  const page = await renderSelfServicePage(app, "account.html");
  return codeSignInOffered(app) ? page.replace('data-code-sign-in=""', 'data-code-sign-in="on"') : page;
}
