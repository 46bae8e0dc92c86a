// The mails an account's life sends: its confirmation key when it is created not activated with an email address
// (by an admin or by sign-up), and an admin's recovery. The mail goes first and the change is stored only once the
// SMTP server took it: when mail fails (503) nothing was created or changed. Without a mail server configured a new
// account is simply not mailed (admins see its key in the answer); a recovery, which is nothing but a mail, is 503.
import { getAccount, updateAccount, type Account, type AccountFields } from "../../db/accounts.ts";
import { Invalid, NotFound } from "../../lib/errors.ts";
import { randomAlphanumeric } from "../../lib/random.ts";
import type { App } from "../app.ts";
import { activationMail, activationSms, recoveryMail, type Sender } from "./confirmation-messages.ts";
import { checkAccountAsAdmin, KEY_LENGTH, requireAccount, storeAccountAsAdmin, type RequestInfo } from "./manage.ts";
import { checkSignUp, storeSignUp, type SignUpContact } from "./sign-up.ts";
import { countSignUpAttempt } from "./sign-up-limits.ts";

export const senderOf = (app: App): Sender => ({ name: app.store.config.switchboard.name, publicUrl: app.store.config.switchboard.public_url });

/** Mails a new account its confirmation key, when it waits for one, has an email address and mail is configured. */
async function mailConfirmationKey(app: App, f: AccountFields): Promise<void> {
  if (f.activated || !f.email || !f.confirmation_key || !app.mail.configured) return;
  await app.mail.send(activationMail(senderOf(app), f.email, f, f.confirmation_key, f.confirmation_key_expires ?? null));
}

/** POST /api/accounts (and the admin panel's create): checked, mailed, stored. */
export async function createAccountAsAdminAndMail(app: App, body: Record<string, unknown>, info: RequestInfo): Promise<Account> {
  const settings = app.store.config.switchboard.accounts;
  const checked = checkAccountAsAdmin(app.db, settings, body, info);
  await mailConfirmationKey(app, checked.fields);
  return storeAccountAsAdmin(app.db, settings, checked);
}

/** Which of email or phone a sign-up must give: the channel its confirmation key can be sent through (sign-up.ts). */
export const signUpContact = (app: App): SignUpContact => (app.mail.configured ? "email" : app.sms.configured ? "phone" : null);

/**
 * POST /api/accounts/with-account-creation-token: limited, checked, its confirmation key mailed (or sent by SMS when
 * only SMS is configured), stored with its token spent.
 */
export async function signUpAndMail(app: App, body: Record<string, unknown>, info: RequestInfo): Promise<Account> {
  const settings = app.store.config.switchboard.accounts;
  countSignUpAttempt(app.signUpAttempts, info.ip, body.username);
  const contact = signUpContact(app);
  const checked = checkSignUp(app.db, settings, body, info, contact);
  if (contact === "phone") await app.sms.send(checked.fields.phone!, activationSms(senderOf(app), checked.fields.confirmation_key!));
  else await mailConfirmationKey(app, checked.fields);
  return storeSignUp(app.db, settings, checked, info);
}

/**
 * POST /api/accounts/{id}/recover-by-email (admin, FlexiAPI 1.3): a new confirmation key and a new provisioning
 * token, mailed to the account's address; both replace the old ones only once the mail is accepted.
 */
export async function recoverByEmail(app: App, id: string): Promise<Account> {
  const account = requireAccount(app.db, id);
  if (!account.email) throw Invalid.field("email", "The account has no email address to send the recovery to.");
  const key = randomAlphanumeric(KEY_LENGTH);
  const token = randomAlphanumeric(KEY_LENGTH);
  await app.mail.send(recoveryMail(senderOf(app), account.email, account, key, token));
  // A key mailed just now must not be expired already by an earlier confirmation_key_expires.
  const current = getAccount(app.db, account.id);
  if (!current) throw new NotFound("There is no account with this id.");
  return updateAccount(app.db, current, { confirmation_key: key, confirmation_key_expires: null, provisioning_token: token });
}
