// The accounts an account sees as its contacts: attached to it one by one (account_contacts), or members of a
// contacts list attached to it (FlexiAPI 1.5).
import type { Account } from "./accounts.ts";
import { nowIso, statements, type Db } from "./open.ts";

/** The ids of every contact of @account, direct or through its contacts lists. */
const VISIBLE_IDS = `SELECT contact_id FROM account_contacts WHERE account_id = @account
  UNION SELECT l.contact_id FROM account_contacts_list a JOIN contacts_list_contact l ON l.contacts_list_id = a.contacts_list_id
  WHERE a.account_id = @account`;

const q = statements((db) => ({
  direct: db.prepare(`SELECT a.* FROM account_contacts c JOIN accounts a ON a.id = c.contact_id
    WHERE c.account_id = ? ORDER BY a.id`),
  directOne: db.prepare(`SELECT a.* FROM account_contacts c JOIN accounts a ON a.id = c.contact_id
    WHERE c.account_id = ? AND c.contact_id = ?`),
  add: db.prepare("INSERT OR IGNORE INTO account_contacts (account_id, contact_id, created_at) VALUES (?, ?, ?)"),
  remove: db.prepare("DELETE FROM account_contacts WHERE account_id = ? AND contact_id = ?"),
  visible: db.prepare(`SELECT * FROM accounts WHERE id IN (${VISIBLE_IDS}) ORDER BY id`),
  visibleBySip: db.prepare(`SELECT * FROM accounts WHERE username = @username AND domain = @domain AND id IN (${VISIBLE_IDS})`),
}));

/** The contacts attached to the account itself (not those of its lists). */
export const directContacts = (db: Db, accountId: number): Account[] => q(db).direct.all(accountId) as Account[];
export const directContact = (db: Db, accountId: number, contactId: number): Account | undefined =>
  q(db).directOne.get(accountId, contactId) as Account | undefined;

/** false when the account had this contact already. */
export const addDirectContact = (db: Db, accountId: number, contactId: number): boolean => q(db).add.run(accountId, contactId, nowIso()).changes > 0;
/** false when the account did not have this contact. */
export const removeDirectContact = (db: Db, accountId: number, contactId: number): boolean => q(db).remove.run(accountId, contactId).changes > 0;

/** Every contact the account sees, direct or through its contacts lists, each once. */
export const visibleContacts = (db: Db, accountId: number): Account[] => q(db).visible.all({ account: accountId }) as Account[];
export const visibleContactBySip = (db: Db, accountId: number, username: string, domain: string): Account | undefined =>
  q(db).visibleBySip.get({ account: accountId, username, domain }) as Account | undefined;
