// Contacts lists (FlexiAPI 1.5): named sets of accounts; an account attached to a list sees its members as contacts.
import { nowIso, statements, type Db } from "./open.ts";

export interface ContactsList {
  id: number;
  title: string;
  description: string;
  created_at: string;
  updated_at: string;
  contacts_count: number;
}

const COLUMNS = `l.id, l.title, l.description, l.created_at, l.updated_at,
  (SELECT count(*) FROM contacts_list_contact c WHERE c.contacts_list_id = l.id) AS contacts_count`;

const q = statements((db) => ({
  all: db.prepare(`SELECT ${COLUMNS} FROM contacts_lists l ORDER BY l.id`),
  one: db.prepare(`SELECT ${COLUMNS} FROM contacts_lists l WHERE l.id = ?`),
  insert: db.prepare("INSERT INTO contacts_lists (title, description, created_at, updated_at) VALUES (?, ?, ?, ?)"),
  update: db.prepare("UPDATE contacts_lists SET title = ?, description = ?, updated_at = ? WHERE id = ?"),
  remove: db.prepare("DELETE FROM contacts_lists WHERE id = ?"),
  addContact: db.prepare("INSERT OR IGNORE INTO contacts_list_contact (contacts_list_id, contact_id, created_at) VALUES (?, ?, ?)"),
  removeContact: db.prepare("DELETE FROM contacts_list_contact WHERE contacts_list_id = ? AND contact_id = ?"),
  attach: db.prepare("INSERT OR IGNORE INTO account_contacts_list (account_id, contacts_list_id, created_at) VALUES (?, ?, ?)"),
  detach: db.prepare("DELETE FROM account_contacts_list WHERE account_id = ? AND contacts_list_id = ?"),
}));

export const listContactsLists = (db: Db): ContactsList[] => q(db).all.all() as ContactsList[];
export const getContactsList = (db: Db, id: number): ContactsList | undefined => q(db).one.get(id) as ContactsList | undefined;

export function createContactsList(db: Db, title: string, description: string): ContactsList {
  const now = nowIso();
  return getContactsList(db, Number(q(db).insert.run(title, description, now, now).lastInsertRowid))!;
}

export function updateContactsList(db: Db, id: number, title: string, description: string): ContactsList | undefined {
  q(db).update.run(title, description, nowIso(), id);
  return getContactsList(db, id);
}

export const deleteContactsList = (db: Db, id: number): boolean => q(db).remove.run(id).changes > 0;

/** false when the account was in the list already. */
export const addToContactsList = (db: Db, listId: number, contactId: number): boolean => q(db).addContact.run(listId, contactId, nowIso()).changes > 0;
/** false when the account was not in the list. */
export const removeFromContactsList = (db: Db, listId: number, contactId: number): boolean => q(db).removeContact.run(listId, contactId).changes > 0;

/** false when the account had the list already. */
export const attachContactsList = (db: Db, accountId: number, listId: number): boolean => q(db).attach.run(accountId, listId, nowIso()).changes > 0;
/** false when the account did not have the list. */
export const detachContactsList = (db: Db, accountId: number, listId: number): boolean => q(db).detach.run(accountId, listId).changes > 0;
