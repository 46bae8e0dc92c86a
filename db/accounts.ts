// SIP accounts with their Digest passwords, and the tombstones deleted accounts leave (a name stays taken).
import { Conflict } from "../lib/errors.ts";
import { nowIso, statements, unlessTaken, type Db } from "./open.ts";
import { deleteWebSessionsOf } from "./web-sessions.ts";

export type PasswordAlgorithm = "MD5" | "SHA-256" | "CLRTXT";
/** What the passwords table (and external_accounts) may hold, CLRTXT from seeding and imports only. */
export const PASSWORD_ALGORITHMS: readonly PasswordAlgorithm[] = ["MD5", "SHA-256", "CLRTXT"];
export type DtmfProtocol = "sipinfo" | "rfc2833" | "sipmessage";

export interface Account {
  id: number;
  username: string;
  domain: string;
  email: string | null;
  display_name: string | null;
  activated: number;
  blocked: number;
  admin: number;
  phone: string | null;
  dtmf_protocol: DtmfProtocol | null;
  confirmation_key: string | null;
  confirmation_key_expires: string | null;
  provisioning_token: string | null;
  ip_address: string | null;
  user_agent: string | null;
  created_at: string;
  updated_at: string;
}

export interface StoredPassword {
  algorithm: PasswordAlgorithm;
  hash: string;
}

/** The columns an admin or a sign-up sets. */
export type AccountFields = Pick<Account, "username" | "domain"> &
  Partial<Pick<Account, "email" | "display_name" | "activated" | "blocked" | "admin" | "phone" | "dtmf_protocol" | "confirmation_key" | "confirmation_key_expires" | "provisioning_token" | "ip_address" | "user_agent">>;

const FIELDS = ["username", "domain", "email", "display_name", "activated", "blocked", "admin", "phone", "dtmf_protocol", "confirmation_key", "confirmation_key_expires", "provisioning_token", "ip_address", "user_agent"] as const;

/**
 * What the admin panel's search matches, as ranges of indexes only: a username prefix (the UNIQUE (username,
 * domain) index), an email prefix as typed and lower-cased (accounts_by_email; a range on email implies the
 * index's `email IS NOT NULL`), and for "user@dom" the username exactly with a domain prefix. With over 100,000
 * accounts a LIKE '%q%' reads every row for every keystroke; a range `x >= q AND x < q || U+10FFFF` reads only
 * the rows that match (U+10FFFF is the highest character, so every text that starts with q sorts below it) and
 * SQLite answers the OR of ranges from each index ("MULTI-INDEX OR"), then sorts just those rows.
 */
const SEARCH_RANGES = `((username >= @name AND username < @nameEnd)
  OR (email >= @email AND email < @emailEnd)
  OR (email >= @emailLower AND email < @emailLowerEnd)
  OR (username = @sipUser AND domain >= @sipDomain AND domain < @sipDomainEnd))`;
const PREFIX_END = "\u{10FFFF}";

const q = statements((db) => ({
  // A null id takes the next one; seeding gives its own.
  insert: db.prepare(`INSERT INTO accounts (id, ${FIELDS.join(", ")}, created_at, updated_at)
    VALUES (@id, ${FIELDS.map((f) => `@${f}`).join(", ")}, @now, @now)`),
  update: db.prepare(`UPDATE accounts SET ${FIELDS.map((f) => `${f} = @${f}`).join(", ")}, updated_at = @now WHERE id = @id`),
  byId: db.prepare("SELECT * FROM accounts WHERE id = ?"),
  bySip: db.prepare("SELECT * FROM accounts WHERE username = ? AND domain = ?"),
  byEmail: db.prepare("SELECT * FROM accounts WHERE email = ? ORDER BY id LIMIT 1"),
  byPhone: db.prepare("SELECT * FROM accounts WHERE phone = ?"),
  byProvisioningToken: db.prepare("SELECT * FROM accounts WHERE provisioning_token = ?"),
  page: db.prepare("SELECT * FROM accounts ORDER BY id LIMIT ? OFFSET ?"),
  count: db.prepare("SELECT count(*) FROM accounts").pluck(),
  // The admin panel's list: walks the (username, domain) index, so a late page costs its offset, not a sort.
  byName: db.prepare("SELECT * FROM accounts ORDER BY username, domain LIMIT ? OFFSET ?"),
  search: db.prepare(`SELECT * FROM accounts WHERE ${SEARCH_RANGES} ORDER BY username, domain LIMIT @limit OFFSET @offset`),
  searchCount: db.prepare(`SELECT count(*) FROM accounts WHERE ${SEARCH_RANGES}`).pluck(),
  remove: db.prepare("DELETE FROM accounts WHERE id = ?"),
  emailTaken: db.prepare("SELECT 1 FROM accounts WHERE email = ? AND id != ?").pluck(),
  phoneTaken: db.prepare("SELECT 1 FROM accounts WHERE (phone = @phone OR (username = @phone AND domain = @domain)) AND id != @id").pluck(),
  passwords: db.prepare("SELECT algorithm, hash FROM passwords WHERE account_id = ? ORDER BY id"),
  clearPasswords: db.prepare("DELETE FROM passwords WHERE account_id = ?"),
  addPassword: db.prepare("INSERT INTO passwords (account_id, algorithm, hash) VALUES (?, ?, ?)"),
  nameTaken: db.prepare(`SELECT (SELECT count(*) FROM accounts WHERE username = @username AND domain = @domain AND id != @id)
    + (SELECT count(*) FROM accounts_tombstones WHERE username = @username AND domain = @domain)`).pluck(),
  addTombstone: db.prepare("INSERT OR IGNORE INTO accounts_tombstones (username, domain, created_at) VALUES (?, ?, ?)"),
  tombstonesBefore: db.prepare("SELECT count(*) FROM accounts_tombstones WHERE created_at < ?").pluck(),
  removeTombstonesBefore: db.prepare("DELETE FROM accounts_tombstones WHERE created_at < ?"),
  createdBefore: db.prepare("SELECT count(*) FROM accounts WHERE created_at < @before AND (activated = 0 OR @all)").pluck(),
  removeCreatedBefore: db.prepare("DELETE FROM accounts WHERE created_at < @before AND (activated = 0 OR @all)"),
  dataVersion: db.prepare("PRAGMA data_version").pluck(),
}));

// Phone profiles take their lines from accounts: a reader made with an older version knows it is out of date
// (core/mpp/layers.ts). Changes through this module count at once; another process's (the CLI, the sqlite3 shell)
// show in SQLite's data_version, which moves when another connection commits — read at most once a second, as
// the version is asked for on every profile request.
const OTHER_PROCESS_CHECK_MS = 1000;
const versions = new WeakMap<Db, { version: number; dataVersion: number; checkedAt: number }>();

export function accountsVersion(db: Db): number {
  const now = Date.now();
  let v = versions.get(db);
  if (!v) versions.set(db, (v = { version: 0, dataVersion: q(db).dataVersion.get() as number, checkedAt: now }));
  else if (now - v.checkedAt >= OTHER_PROCESS_CHECK_MS) {
    v.checkedAt = now;
    const dataVersion = q(db).dataVersion.get() as number;
    if (dataVersion !== v.dataVersion) {
      v.dataVersion = dataVersion;
      v.version++;
    }
  }
  return v.version;
}

function changed<T>(db: Db, result: T): T {
  accountsVersion(db);
  versions.get(db)!.version++;
  return result;
}

const row = (f: Partial<AccountFields>, base?: Account) => {
  const out: Record<string, unknown> = {};
  for (const k of FIELDS) out[k] = f[k] !== undefined ? f[k] : base ? base[k] : k === "activated" || k === "blocked" || k === "admin" ? 0 : null;
  return out;
};

const taken = (f: Pick<Account, "username" | "domain">) => () => new Conflict(`The account ${f.username}@${f.domain} exists already.`);

/** A new account with its password(s), in one transaction; `id` only when seeding (FlexiAPI's seeder sets ids). */
export function createAccount(db: Db, f: AccountFields, passwords: StoredPassword[], id: number | null = null): Account {
  const clash = id === null ? taken(f) : () => new Conflict(`The id ${id} or the account ${f.username}@${f.domain} exists already.`);
  return changed(db, db.transaction(() => {
    const newId = unlessTaken(() => Number(q(db).insert.run({ ...row(f), id, now: nowIso() }).lastInsertRowid), clash);
    for (const p of passwords) q(db).addPassword.run(newId, p.algorithm, p.hash);
    return getAccount(db, newId)!;
  })());
}

/** Changes the given fields; `passwords`, when given, replace the stored ones (same transaction). */
export function updateAccount(db: Db, account: Account, f: Partial<AccountFields>, passwords?: StoredPassword[]): Account {
  return changed(db, db.transaction(() => {
    const next = { ...account, ...f };
    unlessTaken(() => q(db).update.run({ ...row(f, account), id: account.id, now: nowIso() }), taken(next));
    if (passwords) setPasswords(db, account.id, passwords);
    return getAccount(db, account.id)!;
  })());
}

/**
 * The account's passwords become these. Every way a password is set (the account's own change, an admin's update,
 * /provisioning?reset_password) comes through here, so here its self-service sessions end: whoever held one signs
 * in again with the new password.
 */
export function setPasswords(db: Db, accountId: number, passwords: StoredPassword[]): void {
  db.transaction(() => {
    q(db).clearPasswords.run(accountId);
    for (const p of passwords) q(db).addPassword.run(accountId, p.algorithm, p.hash);
    deleteWebSessionsOf(db, accountId);
  })();
  changed(db, undefined);
}

export function getAccount(db: Db, id: number): Account | undefined {
  return q(db).byId.get(id) as Account | undefined;
}

export function findAccount(db: Db, username: string, domain: string): Account | undefined {
  return q(db).bySip.get(username, domain) as Account | undefined;
}

export function findAccountByEmail(db: Db, email: string): Account | undefined {
  return q(db).byEmail.get(email) as Account | undefined;
}

export function findAccountByProvisioningToken(db: Db, token: string): Account | undefined {
  return q(db).byProvisioningToken.get(token) as Account | undefined;
}

export function listAccounts(db: Db, offset: number, limit: number): { accounts: Account[]; total: number } {
  return { accounts: q(db).page.all(limit, offset) as Account[], total: q(db).count.get() as number };
}

/** What the admin panel searches for: a prefix, and the parts of a SIP address when the text has an "@". */
export interface AccountSearch {
  prefix: string;
  sip?: { username: string; domainPrefix: string };
}

/**
 * Accounts in username order whose username starts with the prefix (lower-cased, as usernames are), whose email
 * starts with it, or whose SIP address starts with user@domain-prefix; an empty prefix lists them all.
 */
export function searchAccounts(db: Db, s: AccountSearch, offset: number, limit: number): { accounts: Account[]; total: number } {
  if (!s.prefix && !s.sip) return { accounts: q(db).byName.all(limit, offset) as Account[], total: q(db).count.get() as number };
  const params = searchParams(s);
  return {
    accounts: q(db).search.all({ ...params, limit, offset }) as Account[],
    total: q(db).searchCount.get(params) as number,
  };
}

function searchParams(s: AccountSearch) {
  const name = s.prefix.toLowerCase();
  const sipDomain = s.sip?.domainPrefix.toLowerCase() ?? "";
  return {
    name, nameEnd: name + PREFIX_END,
    email: s.prefix, emailEnd: s.prefix + PREFIX_END,
    emailLower: name, emailLowerEnd: name + PREFIX_END,
    // Without a SIP address, username = NULL matches nothing.
    sipUser: s.sip?.username.toLowerCase() ?? null, sipDomain, sipDomainEnd: sipDomain + PREFIX_END,
  };
}

/** How SQLite runs a search (a test keeps it on index ranges). */
export const accountSearchPlan = (db: Db, s: AccountSearch): string[] =>
  (db.prepare(`EXPLAIN QUERY PLAN ${q(db).search.source}`).all({ ...searchParams(s), limit: 20, offset: 0 }) as { detail: string }[]).map((r) => r.detail);

export function passwordsOf(db: Db, accountId: number): StoredPassword[] {
  return q(db).passwords.all(accountId) as StoredPassword[];
}

/** Another account, or a tombstone, holds this username in this domain. */
export function usernameTaken(db: Db, username: string, domain: string, exceptId = 0): boolean {
  return (q(db).nameTaken.get({ username, domain, id: exceptId }) as number) > 0;
}

export function emailTaken(db: Db, email: string, exceptId = 0): boolean {
  return q(db).emailTaken.get(email, exceptId) !== undefined;
}

/** Another account has this phone number, or it as its username. */
export function phoneTaken(db: Db, phone: string, domain: string, exceptId = 0): boolean {
  return q(db).phoneTaken.get({ phone, domain, id: exceptId }) !== undefined;
}

/** Deletes an account; with `tombstone` its name stays taken. */
export function deleteAccount(db: Db, account: Account, tombstone: boolean): boolean {
  return changed(db, db.transaction(() => {
    if (tombstone) q(db).addTombstone.run(account.username, account.domain, nowIso());
    return q(db).remove.run(account.id).changes > 0;
  })());
}

/** Tombstones older than `beforeIso`: counted, or deleted when `apply`. */
export function clearTombstones(db: Db, beforeIso: string, apply: boolean): number {
  return apply ? q(db).removeTombstonesBefore.run(beforeIso).changes : (q(db).tombstonesBefore.get(beforeIso) as number);
}

/**
 * Accounts created before `beforeIso` that were never activated (or all of them, `andActivated`): counted, or
 * deleted when `apply` — without tombstones, their names become free again (FlexiAPI).
 */
export function clearAccountsCreatedBefore(db: Db, beforeIso: string, o: { apply: boolean; andActivated: boolean }): number {
  const params = { before: beforeIso, all: o.andActivated ? 1 : 0 };
  return o.apply ? changed(db, q(db).removeCreatedBefore.run(params).changes) : (q(db).createdBefore.get(params) as number);
}
