// An account's contacts (FlexiAPI's admin AccountContactController and the user's ContactController): admins
// attach other accounts to an account one by one; the account itself sees those and the members of the contacts
// lists attached to it, with a few public fields each.
import { actionsOfAccount, type AccountAction } from "../../db/account-actions.ts";
import { addDirectContact, directContact, directContacts, removeDirectContact, visibleContactBySip, visibleContacts } from "../../db/account-contacts.ts";
import { typesOfAccount, type AccountType } from "../../db/account-types.ts";
import type { Account } from "../../db/accounts.ts";
import type { Db } from "../../db/open.ts";
import { Forbidden, NotFound } from "../../lib/errors.ts";
import { parseFrom } from "./authenticate.ts";
import { requireAccount } from "./manage.ts";
import { pathId } from "./rules.ts";

/**
 * What an account may know of its contacts: FlexiAPI's selected fields (id, username, domain, activated,
 * dtmf_protocol, display_name) with the types and actions its JSON carries. Never another account's tokens,
 * passwords or dictionary.
 */
export interface ContactJson {
  id: number;
  username: string;
  domain: string;
  activated: boolean;
  dtmf_protocol: string | null;
  display_name: string | null;
  types: AccountType[];
  actions: AccountAction[];
}

export function contactJson(db: Db, a: Account): ContactJson {
  return {
    id: a.id,
    username: a.username,
    domain: a.domain,
    activated: a.activated === 1,
    dtmf_protocol: a.dtmf_protocol,
    display_name: a.display_name,
    types: typesOfAccount(db, a.id),
    actions: a.dtmf_protocol ? actionsOfAccount(db, a.id) : [],
  };
}

/** Admin: the accounts attached to the account as contacts. */
export const contactsOf = (db: Db, id: string): Account[] => directContacts(db, requireAccount(db, id).id);

export function contactOf(db: Db, id: string, contactId: string): Account {
  const contact = directContact(db, requireAccount(db, id).id, pathId(contactId));
  if (!contact) throw new NotFound("The account has no contact with this id.");
  return contact;
}

/** Adding a contact the account has already is refused (403), as FlexiAPI does. */
export function addContact(db: Db, id: string, contactId: string): void {
  const account = requireAccount(db, id);
  if (!addDirectContact(db, account.id, requireAccount(db, contactId).id)) throw new Forbidden("The account has this contact already.");
}

/** Removing an account that is not a contact is refused (403), as FlexiAPI does. */
export function removeContact(db: Db, id: string, contactId: string): void {
  const account = requireAccount(db, id);
  if (!removeDirectContact(db, account.id, pathId(contactId))) throw new Forbidden("The account does not have this contact.");
}

/** The signed-in account's contacts: attached to it, or in one of its contacts lists. */
export const myContacts = (db: Db, me: Account): Account[] => visibleContacts(db, me.id);

/** One of them by its SIP address (`user@domain`), or NotFound. */
export function myContact(db: Db, me: Account, sip: string): Account {
  const address = parseFrom(`sip:${sip}`);
  const contact = address && visibleContactBySip(db, me.id, address.username, address.domain);
  if (!contact) throw new NotFound("There is no contact with this SIP address.");
  return contact;
}
