// Handing accounts from one server to another as external accounts (FlexiAPI 1.3): generate a batch of accounts in
// a group here, export the group (username, domain, group and the stored password hash), import that file there
// into external_accounts, where each new account takes one (consume_external_account_on_create).
import { accountsOfGroup, setAccountGroup } from "../../db/account-groups.ts";
import { PASSWORD_ALGORITHMS, type PasswordAlgorithm } from "../../db/accounts.ts";
import { importExternalAccounts, type NewExternalAccount } from "../../db/external-accounts.ts";
import type { Db } from "../../db/open.ts";
import { Invalid } from "../../lib/errors.ts";
import { randomAlphanumeric, randomToken } from "../../lib/random.ts";
import type { AccountsSettings } from "../config/accounts-settings.ts";
import { createAccountAsAdmin } from "./manage.ts";

/** FlexiAPI's group rule (alpha-dash, no upper case), at most as long as its column. */
export const GROUP_PATTERN = /^[a-z0-9_-]{1,64}$/;

/**
 * `amount` activated accounts in `group`, in sip_domain, with random 12-character usernames and random SHA-256
 * passwords nobody sees (the other server only needs the hash), created as an admin's API request would.
 */
export function generateGroupAccounts(db: Db, s: AccountsSettings, group: string, amount: number): void {
  db.transaction(() => {
    for (let i = 0; i < amount; i++) {
      const body = { username: randomAlphanumeric(12).toLowerCase(), password: randomToken(18), algorithm: "SHA-256", activated: true };
      const account = createAccountAsAdmin(db, s, body, { ip: "127.0.0.1", userAgent: "External Account Generator" });
      setAccountGroup(db, account.id, group);
    }
  })();
}

export interface GroupExport {
  accounts: NewExternalAccount[];
  /** user@domain of the group's accounts without a password, which cannot be used elsewhere. */
  skipped: string[];
}

export function exportGroup(db: Db, group: string): GroupExport {
  const out: GroupExport = { accounts: [], skipped: [] };
  for (const a of accountsOfGroup(db, group)) {
    if (a.password === null || a.algorithm === null) out.skipped.push(`${a.username}@${a.domain}`);
    else out.accounts.push({ username: a.username, domain: a.domain, group: a.group, password: a.password, algorithm: a.algorithm });
  }
  return out;
}

/**
 * An export file's accounts (an array of {username, domain, group, password, algorithm}; the algorithm defaults to
 * MD5 as the column does), or Invalid listing every entry that is not one.
 */
export function parseExternalAccounts(json: unknown): NewExternalAccount[] {
  if (!Array.isArray(json) || json.length === 0) throw new Invalid("Nothing to import: the file must hold a non-empty JSON array of accounts.");
  const problems: Record<string, string[]> = {};
  const accounts = json.map((entry: unknown, i): NewExternalAccount => {
    const e = (entry && typeof entry === "object" ? entry : {}) as Record<string, unknown>;
    const missing = ["username", "domain", "group", "password"].filter((k) => typeof e[k] !== "string" || e[k] === "");
    const algorithm = (e.algorithm ?? "MD5") as PasswordAlgorithm;
    const wrong = [...missing.map((k) => `${k} must be a non-empty string`), ...(PASSWORD_ALGORITHMS.includes(algorithm) ? [] : [`algorithm must be one of ${PASSWORD_ALGORITHMS.join(", ")}`])];
    if (wrong.length) problems[`entry ${i + 1}`] = wrong;
    return { username: e.username as string, domain: e.domain as string, group: e.group as string, password: e.password as string, algorithm };
  });
  const bad = Object.keys(problems).length;
  if (bad) throw new Invalid(`${bad} of ${json.length} entries cannot be imported; nothing was imported.`, problems);
  return accounts;
}

/** Imports the accounts; ones already there (same username and domain) are left as they are. */
export function importExternal(db: Db, accounts: NewExternalAccount[]): { imported: number; existing: number } {
  const imported = importExternalAccounts(db, accounts);
  return { imported, existing: accounts.length - imported };
}
