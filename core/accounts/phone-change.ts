// POST /api/accounts/me/phone/request {phone} and POST /api/accounts/me/phone {code} (FlexiAPI 1.3/1.5): an
// account asks for a phone number, a 4-digit code goes there by SMS, and the code sent back sets the number and
// activates the account. A wrong code drops the pending one (403), as FlexiAPI 1.3 does. Shared limits:
// change-codes.ts.
import { phoneTaken, updateAccount, type Account } from "../../db/accounts.ts";
import { dropChangeCode, dropChangeCodes } from "../../db/change-codes.ts";
import { Invalid } from "../../lib/errors.ts";
import type { App } from "../app.ts";
import { senderOf } from "./account-mail.ts";
import { checkChangeCode, checkMayRequestChange, sendChangeCode } from "./change-codes.ts";
import { phoneCodeSms } from "./confirmation-messages.ts";
import type { RequestInfo } from "./manage.ts";
import { checkPhone, FieldErrors, requiredString } from "./rules.ts";

/** 403 when blocked or unvalidated, 422 for the number (required, + and digits without spaces, unused), 429 too soon, 503 when the SMS fails. */
export async function requestPhoneChange(app: App, account: Account, body: Record<string, unknown>, info: RequestInfo): Promise<void> {
  const { confirmation } = app.store.config.switchboard;
  checkMayRequestChange(app.db, confirmation, account);
  const errors = new FieldErrors();
  const phone = requiredString(body, "phone", errors);
  // Unique among all accounts' numbers (its own too, as FlexiAPI's rule) and usernames.
  if (phone !== undefined) checkPhone(app.db, phone, account.domain, errors);
  errors.check();
  await sendChangeCode(app.db, confirmation, "phone", account, phone!, info, (code) =>
    app.sms.send(phone!, phoneCodeSms(senderOf(app), code, confirmation.code_expiration_minutes)));
}

/** The right code: the number becomes the account's, the account is activated, the code is spent. */
export function confirmPhoneChange(app: App, account: Account, body: Record<string, unknown>): Account {
  const db = app.db;
  const pending = checkChangeCode(db, app.store.config.switchboard.confirmation, "phone", account, body);
  if (phoneTaken(db, pending.address, account.domain, account.id)) {
    dropChangeCode(db, "phone", pending.id);
    throw Invalid.field("phone", "The phone has already been taken.");
  }
  return db.transaction(() => {
    dropChangeCodes(db, "phone", account.id);
    return updateAccount(db, account, { phone: pending.address, activated: 1 });
  })();
}
