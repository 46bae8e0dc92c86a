// Account groups (FlexiAPI's accounts.group): batches of accounts generated together, exported as a whole to
// another server, which imports them as its external accounts.
import type { PasswordAlgorithm } from "./accounts.ts";
import { statements, type Db } from "./open.ts";

/** One account of a group as external_accounts stores it elsewhere: its first password, hashed as stored. */
export interface GroupAccount {
  username: string;
  domain: string;
  group: string;
  password: string | null;
  algorithm: PasswordAlgorithm | null;
}

const q = statements((db) => ({
  setGroup: db.prepare(`UPDATE accounts SET "group" = ? WHERE id = ?`),
  groups: db.prepare(`SELECT DISTINCT "group" FROM accounts WHERE "group" IS NOT NULL ORDER BY "group"`).pluck(),
  members: db.prepare(`SELECT a.username, a.domain, a."group" AS "group", p.hash AS password, p.algorithm
    FROM accounts a LEFT JOIN passwords p ON p.id = (SELECT min(id) FROM passwords WHERE account_id = a.id)
    WHERE a."group" = ? ORDER BY a.id`),
}));

export function setAccountGroup(db: Db, accountId: number, group: string | null): void {
  q(db).setGroup.run(group, accountId);
}

export const accountGroups = (db: Db): string[] => q(db).groups.all() as string[];

export const accountsOfGroup = (db: Db, group: string): GroupAccount[] => q(db).members.all(group) as GroupAccount[];
