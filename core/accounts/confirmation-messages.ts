// The texts of what we send people to confirm an account, an email address or a phone number. Each holds the one
// key or code it is about and the links to use it, nothing else of the account (no password, no other token).
import type { Mail } from "../messaging/mail-sender.ts";

export interface Sender {
  /** switchboard.yml `name`: who is writing. */
  name: string;
  publicUrl: string;
}

interface Address {
  username: string;
  domain: string;
}

const sipOf = (a: Address) => `${a.username}@${a.domain}`;

/** Our activation page; the key rides in the fragment, which browsers never send to a server (or in a Referer). */
export const activationLink = (publicUrl: string, a: Address, key: string): string =>
  `${publicUrl}/activate/${encodeURIComponent(sipOf(a)).replace("%40", "@")}#${encodeURIComponent(key)}`;

/** A new account that waits for its confirmation key. */
export function activationMail(from: Sender, to: string, a: Address, key: string, expires: string | null): Mail {
  return {
    to,
    subject: `Activate your ${from.name} account`,
    text: [
      "Hello,",
      "",
      `An account was created for this address on ${from.name}: sip:${sipOf(a)}`,
      "To activate it, open this link and confirm:",
      "",
      activationLink(from.publicUrl, a, key),
      "",
      `Or give your app this confirmation key: ${key}`,
      ...(expires ? [`The key can be used until ${expires} (UTC).`] : []),
      "",
      "If you did not expect this, ignore this mail: the account stays inactive.",
    ].join("\n"),
  };
}

/** The code that confirms a new email address of an account. */
export function emailChangeMail(from: Sender, to: string, a: Address, code: string, minutes: number): Mail {
  return {
    to,
    subject: `Your ${from.name} confirmation code: ${code}`,
    text: [
      "Hello,",
      "",
      `The account sip:${sipOf(a)} on ${from.name} asked to use this email address.`,
      `To confirm, enter this code in your app within ${minutes} minutes:`,
      "",
      code,
      "",
      "If you did not ask for this, ignore this mail: nothing changes without the code.",
    ].join("\n"),
  };
}

/** An admin's recovery: a new confirmation key and a one-shot provisioning link that sets a new password. */
export function recoveryMail(from: Sender, to: string, a: Address, key: string, provisioningToken: string): Mail {
  const token = encodeURIComponent(provisioningToken);
  return {
    to,
    subject: `Recover your ${from.name} account`,
    text: [
      "Hello,",
      "",
      `An administrator of ${from.name} sent you a way back into your account sip:${sipOf(a)}.`,
      "Open this link in your Linphone app (or scan the QR code of the second link) to set it up again with a new password:",
      "",
      `${from.publicUrl}/provisioning/${token}?reset_password`,
      `${from.publicUrl}/provisioning/qrcode/${token}?reset_password`,
      "",
      `If your app asks for a confirmation key: ${key}`,
      "The link works once. If you did not expect this, tell your administrator.",
    ].join("\n"),
  };
}

/** A one-time code that signs the account in to the self-service pages. */
export function signInCodeMail(from: Sender, to: string, a: Address, code: string, minutes: number): Mail {
  return {
    to,
    subject: `Your ${from.name} sign-in code`,
    text: [
      "Hello,",
      "",
      `Someone asked to sign in to the account sip:${sipOf(a)} on ${from.name} (${from.publicUrl}/account) with a code.`,
      "",
      `Your sign-in code: ${code}`,
      "",
      `It works once, for ${minutes} minutes. If you did not ask for it, ignore this mail: nobody signs in without it.`,
    ].join("\n"),
  };
}

export const signInCodeSms = (from: Sender, code: string, minutes: number): string =>
  `Your ${from.name} sign-in code is ${code} (valid ${minutes} minutes, once).`;

/** The SMS that activates an account signed up with a phone number (POST /api/accounts/{sip}/activate/phone). */
export const activationSms = (from: Sender, key: string): string =>
  `Your ${from.name} account confirmation code is ${key}.`;

/** The SMS that confirms a new phone number. */
export const phoneCodeSms = (from: Sender, code: string, minutes: number): string =>
  `Your ${from.name} code is ${code} (valid ${minutes} minutes).`;
