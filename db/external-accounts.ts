// External accounts: SIP accounts of another service, in groups, each handed to one of our accounts.
import { nowIso, statements, type Db } from "./open.ts";

export interface ExternalAccount {
  id: number;
  username: string;
  domain: string;
  group: string;
  password: string;
  algorithm: "MD5" | "SHA-256" | "CLRTXT";
  used: number;
  account_id: number | null;
}

const q = statements((db) => ({
  firstUnused: db.prepare(`SELECT id, username, domain, "group", password, algorithm, used, account_id
    FROM external_accounts WHERE used = 0 ORDER BY id LIMIT 1`),
  take: db.prepare("UPDATE external_accounts SET used = 1, account_id = ?, updated_at = ? WHERE id = ? AND used = 0"),
  ofAccount: db.prepare(`SELECT id, username, domain, "group", password, algorithm, used, account_id
    FROM external_accounts WHERE account_id = ?`),
  insertNew: db.prepare(`INSERT INTO external_accounts (username, domain, "group", password, algorithm, created_at, updated_at)
    VALUES (@username, @domain, @group, @password, @algorithm, @now, @now) ON CONFLICT (username, domain) DO NOTHING`),
}));

/** An external account as another server exported it (accounts:export-to-externals). */
export type NewExternalAccount = Pick<ExternalAccount, "username" | "domain" | "group" | "password" | "algorithm">;

/** Marks the first unused external account as this account's; undefined when none is left. */
export function takeExternalAccount(db: Db, accountId: number): ExternalAccount | undefined {
  return db.transaction(() => {
    const next = q(db).firstUnused.get() as ExternalAccount | undefined;
    if (!next) return undefined;
    q(db).take.run(accountId, nowIso(), next.id);
    return { ...next, used: 1, account_id: accountId };
  })();
}

export const externalAccountOf = (db: Db, accountId: number): ExternalAccount | undefined => q(db).ofAccount.get(accountId) as ExternalAccount | undefined;

/** Adds the accounts not here yet (same username and domain), in one transaction; returns how many were new. */
export function importExternalAccounts(db: Db, accounts: NewExternalAccount[]): number {
  return db.transaction(() => {
    const now = nowIso();
    let added = 0;
    for (const a of accounts) added += q(db).insertNew.run({ ...a, now }).changes;
    return added;
  })();
}
