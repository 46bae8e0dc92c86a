// POST /api/accounts/with-account-creation-token: anyone holding an unused creation token creates one account in
// the SIP domain, under the same username rules as admins' accounts. Checked first, then stored (account-mail.ts
// mails the confirmation key in between); the token is spent in the same transaction as the account is stored, and
// linked to it.
import type { Account, AccountFields } from "../../db/accounts.ts";
import { consumeCreationToken } from "../../db/account-creation-tokens.ts";
import type { Db } from "../../db/open.ts";
import type { DigestAlgorithm } from "../../lib/digest.ts";
import { Invalid } from "../../lib/errors.ts";
import { randomAlphanumeric, randomPin } from "../../lib/random.ts";
import type { AccountsSettings } from "../config/accounts-settings.ts";
import { checkAlgorithm, KEY_LENGTH, storeNewAccount, type RequestInfo } from "./manage.ts";
import { checkDtmfProtocol, checkEmail, checkPhone, checkUsername, FieldErrors, optionalString, requiredString } from "./rules.ts";
import { checkCreationToken, tokenOrigin } from "./tokens.ts";

/** A checked sign-up, ready to be stored with its token. */
export interface SignUp {
  fields: AccountFields;
  password: string;
  algorithm: DigestAlgorithm;
  token: string;
}

/**
 * How a signed-up account receives its confirmation key, so which of email or phone sign-up requires: email when a
 * mail server is configured, else phone when an SMS sender is, else neither (email optional, nothing sent).
 */
export type SignUpContact = "email" | "phone" | null;

/**
 * {username, password, algorithm, account_creation_token, email?, phone?, dtmf_protocol?}: every rule, nothing
 * stored. The `contact` channel's field is required; a phone sign-up's key is 4 digits (/activate/phone takes those).
 */
export function checkSignUp(db: Db, s: AccountsSettings, body: Record<string, unknown>, info: RequestInfo, contact: SignUpContact = null): SignUp {
  const errors = new FieldErrors();
  const username = requiredString(body, "username", errors);
  checkUsername(db, s, username, s.sip_domain, errors);
  const password = requiredString(body, "password", errors);
  const algorithm = checkAlgorithm(body, errors);
  const email = contact === "email" ? requiredString(body, "email", errors) ?? null : optionalString(body, "email", errors);
  checkEmail(db, s, email, errors);
  const phone = contact === "phone" ? requiredString(body, "phone", errors) ?? null : null;
  checkPhone(db, phone, s.sip_domain, errors);
  const dtmf_protocol = checkDtmfProtocol(body, errors);
  const token = checkCreationToken(db, body, errors);
  errors.check();
  const fields: AccountFields = {
    username: username!,
    domain: s.sip_domain,
    email,
    phone,
    dtmf_protocol,
    activated: 0,
    // Activated by its confirmation key, or by fetching its provisioning once (FlexiAPI).
    confirmation_key: contact === "phone" ? randomPin() : randomAlphanumeric(KEY_LENGTH),
    provisioning_token: randomAlphanumeric(KEY_LENGTH),
    ip_address: info.ip,
    user_agent: info.userAgent ?? "Switchboard",
  };
  return { fields, password: password!, algorithm: algorithm!, token: token!.token };
}

/** A new account, not activated, with the sign-up's token spent and linked to it. */
export function storeSignUp(db: Db, s: AccountsSettings, signUp: SignUp, info: RequestInfo): Account {
  return db.transaction(() => {
    const account = storeNewAccount(db, s, signUp.fields, signUp.password, signUp.algorithm);
    // Another request may have spent the token since it was checked: then this account is undone with the throw.
    if (!consumeCreationToken(db, signUp.token, account.id, tokenOrigin(info))) {
      throw Invalid.field("account_creation_token", "Please provide a valid account_creation_token");
    }
    return account;
  })();
}
