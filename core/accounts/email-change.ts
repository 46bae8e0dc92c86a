// POST /api/accounts/me/email/request {email} and POST /api/accounts/me/email {code} (FlexiAPI 1.5): an account
// asks for a new email address, a 4-digit code is mailed there, and the code sent back makes the address the
// account's and activates it. The shared limits are in change-codes.ts.
import { emailTaken, updateAccount, type Account } from "../../db/accounts.ts";
import { dropChangeCode, dropChangeCodes } from "../../db/change-codes.ts";
import { Invalid } from "../../lib/errors.ts";
import type { App } from "../app.ts";
import { senderOf } from "./account-mail.ts";
import { checkChangeCode, checkMayRequestChange, sendChangeCode } from "./change-codes.ts";
import { emailChangeMail } from "./confirmation-messages.ts";
import type { RequestInfo } from "./manage.ts";
import { checkEmail, FieldErrors, requiredString } from "./rules.ts";

/** 403 when blocked or unvalidated, 422 for the address (required, an email, not the current one, unique when so configured), 429 too soon, 503 when the mail fails. */
export async function requestEmailChange(app: App, account: Account, body: Record<string, unknown>, info: RequestInfo): Promise<void> {
  const { accounts, confirmation } = app.store.config.switchboard;
  checkMayRequestChange(app.db, confirmation, account);
  const errors = new FieldErrors();
  const email = requiredString(body, "email", errors);
  if (email !== undefined && email === account.email) errors.add("email", "The selected email is invalid.");
  else if (email !== undefined) checkEmail(app.db, accounts, email, errors, account.id);
  errors.check();
  await sendChangeCode(app.db, confirmation, "email", account, email!, info, (code) =>
    app.mail.send(emailChangeMail(senderOf(app), email!, account, code, confirmation.code_expiration_minutes)));
}

/** The right code: the email becomes the account's, the account is activated, the code is spent. */
export function confirmEmailChange(app: App, account: Account, body: Record<string, unknown>): Account {
  const { accounts, confirmation } = app.store.config.switchboard;
  const db = app.db;
  const pending = checkChangeCode(db, confirmation, "email", account, body);
  if (accounts.email_unique && emailTaken(db, pending.address, account.id)) {
    dropChangeCode(db, "email", pending.id);
    throw Invalid.field("email", "The email has already been taken.");
  }
  return db.transaction(() => {
    dropChangeCodes(db, "email", account.id);
    return updateAccount(db, account, { email: pending.address, activated: 1 });
  })();
}
