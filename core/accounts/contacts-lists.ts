// Contacts lists (FlexiAPI 1.5's ContactsListController, and contactsListAdd/Remove of its admin
// AccountController): a titled set of accounts; every account the list is attached to sees its members as contacts.
import {
  addToContactsList, attachContactsList, createContactsList, deleteContactsList, detachContactsList, getContactsList, removeFromContactsList,
  updateContactsList, type ContactsList,
} from "../../db/contacts-lists.ts";
import type { Db } from "../../db/open.ts";
import { Forbidden, NotFound } from "../../lib/errors.ts";
import { requireAccount } from "./manage.ts";
import { FieldErrors, pathId, requiredString } from "./rules.ts";

const MAX_TITLE = 255;

export function requireContactsList(db: Db, id: string): ContactsList {
  const list = getContactsList(db, pathId(id));
  if (!list) throw new NotFound("There is no contacts list with this id.");
  return list;
}

/** POST and PUT: title and description are both required. */
function checkedFields(body: Record<string, unknown>): { title: string; description: string } {
  const errors = new FieldErrors();
  const title = requiredString(body, "title", errors);
  if (title !== undefined && title.length > MAX_TITLE) errors.add("title", `The title must not be greater than ${MAX_TITLE} characters.`);
  const description = requiredString(body, "description", errors);
  errors.check();
  return { title: title!, description: description! };
}

export function createList(db: Db, body: Record<string, unknown>): ContactsList {
  const { title, description } = checkedFields(body);
  return createContactsList(db, title, description);
}

export function updateList(db: Db, id: string, body: Record<string, unknown>): ContactsList {
  const list = requireContactsList(db, id);
  const { title, description } = checkedFields(body);
  return updateContactsList(db, list.id, title, description)!;
}

/** The accounts it was attached to lose its members as contacts (unless they have them otherwise). */
export function deleteList(db: Db, id: string): void {
  deleteContactsList(db, requireContactsList(db, id).id);
}

/** Adding an account that is in the list already is refused (403), as FlexiAPI does. */
export function addToList(db: Db, id: string, contactId: string): void {
  const list = requireContactsList(db, id);
  if (!addToContactsList(db, list.id, requireAccount(db, contactId).id)) throw new Forbidden("The account is in this contacts list already.");
}

export function removeFromList(db: Db, id: string, contactId: string): void {
  const list = requireContactsList(db, id);
  if (!removeFromContactsList(db, list.id, pathId(contactId))) throw new Forbidden("The account is not in this contacts list.");
}

/** Attaching a list the account has already is refused (403), as FlexiAPI does. */
export function attachList(db: Db, accountId: string, listId: string): void {
  const account = requireAccount(db, accountId);
  if (!attachContactsList(db, account.id, requireContactsList(db, listId).id)) throw new Forbidden("The account has this contacts list already.");
}

export function detachList(db: Db, accountId: string, listId: string): void {
  const account = requireAccount(db, accountId);
  if (!detachContactsList(db, account.id, pathId(listId))) throw new Forbidden("The account does not have this contacts list.");
}
