// The signed-in account's contacts as vCard 4.0, the way FlexiAPI hands them to Linphone (its Account::toVcard4):
// KIND, the SIP address as IMPP, FN (display name, else the address), and Linphone's extensions for the DTMF
// protocol, each account type and each action ("key;code"). Escaping and folding are the phone-book export's.
import { actionsOfAccount } from "../../db/account-actions.ts";
import { typesOfAccount } from "../../db/account-types.ts";
import type { Account } from "../../db/accounts.ts";
import type { Db } from "../../db/open.ts";
import { escapeValue, foldLine } from "../contacts/vcard.ts";
import { myContact, myContacts } from "./contacts.ts";

/**
 * `sip:user@domain` as a URI value: what a SIP user part or host may not hold as it is (and "," or ";", which vCard
 * readers split on) percent-encoded. Addresses allowed by the default username_regex pass unchanged.
 */
function sipUri(a: Pick<Account, "username" | "domain">): string {
  const user = a.username.replace(/[^A-Za-z0-9\-_.!~*'()&=+$?/]/gu, (c) => encodeURIComponent(c));
  const host = a.domain.replace(/[^A-Za-z0-9\-.:[\]]/gu, (c) => encodeURIComponent(c));
  return `sip:${user}@${host}`;
}

export function accountVCard(db: Db, a: Account): string {
  const address = `${a.username}@${a.domain}`;
  const lines = ["BEGIN:VCARD", "VERSION:4.0", "KIND:individual", `IMPP:${sipUri(a)}`, `FN:${escapeValue(a.display_name || address)}`];
  if (a.dtmf_protocol) lines.push(`X-LINPHONE-ACCOUNT-DTMF-PROTOCOL:${escapeValue(a.dtmf_protocol)}`);
  for (const t of typesOfAccount(db, a.id)) lines.push(`X-LINPHONE-ACCOUNT-TYPE:${escapeValue(t.key)}`);
  if (a.dtmf_protocol) {
    for (const action of actionsOfAccount(db, a.id)) lines.push(`X-LINPHONE-ACCOUNT-ACTION:${escapeValue(action.key)};${escapeValue(action.code)}`);
  }
  lines.push("END:VCARD");
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

/** GET /contacts/vcard: every contact of the account, one card after the other. */
export const myContactsVCards = (db: Db, me: Account): string => myContacts(db, me).map((c) => accountVCard(db, c)).join("");

/** GET /contacts/vcard/{sip}: one contact, or NotFound. */
export const myContactVCard = (db: Db, me: Account, sip: string): string => accountVCard(db, myContact(db, me, sip));
