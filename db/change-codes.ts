// The 4-digit codes that confirm a new email address or phone number (email_change_codes, phone_change_codes: one
// shape, one module). The newest row of an account with a code is its pending change; used, dropped and replaced
// codes keep their row (code NULL) for a while, since recent requests count towards blocking (FlexiAPI).
import { statements, type Db } from "./open.ts";

export type ChangeChannel = "email" | "phone";

export interface ChangeCode {
  id: number;
  account_id: number;
  /** The email address or phone number that is to become the account's. */
  address: string;
  code: string | null;
  wrong_attempts: number;
  ip_address: string | null;
  user_agent: string | null;
  created_at: string;
  expires_at: string;
}

export interface NewChangeCode {
  accountId: number;
  address: string;
  code: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  expiresAt: string;
}

const channelStatements = (db: Db, channel: ChangeChannel) => {
  const table = `${channel}_change_codes`;
  const columns = `id, account_id, ${channel} AS address, code, wrong_attempts, ip_address, user_agent, created_at, expires_at`;
  return {
    insert: db.prepare(`INSERT INTO ${table} (account_id, ${channel}, code, ip_address, user_agent, created_at, expires_at)
      VALUES (@accountId, @address, @code, @ip, @userAgent, @createdAt, @expiresAt)`),
    pending: db.prepare(`SELECT ${columns} FROM ${table} WHERE account_id = ? AND code IS NOT NULL ORDER BY id DESC LIMIT 1`),
    latest: db.prepare(`SELECT ${columns} FROM ${table} WHERE account_id = ? ORDER BY id DESC LIMIT 1`),
    wrongAttempt: db.prepare(`UPDATE ${table} SET wrong_attempts = wrong_attempts + 1 WHERE id = ? RETURNING wrong_attempts`).pluck(),
    drop: db.prepare(`UPDATE ${table} SET code = NULL WHERE id = ?`),
    dropAll: db.prepare(`UPDATE ${table} SET code = NULL WHERE account_id = ? AND code IS NOT NULL`),
    remove: db.prepare(`DELETE FROM ${table} WHERE id = ?`),
    since: db.prepare(`SELECT count(*) FROM ${table} WHERE account_id = ? AND created_at > ?`).pluck(),
    removeBefore: db.prepare(`DELETE FROM ${table} WHERE created_at < ?`),
  };
};

const q = statements((db) => ({ email: channelStatements(db, "email"), phone: channelStatements(db, "phone") }));

export function addChangeCode(db: Db, channel: ChangeChannel, c: NewChangeCode): ChangeCode {
  const id = Number(q(db)[channel].insert.run(c).lastInsertRowid);
  return { id, account_id: c.accountId, address: c.address, code: c.code, wrong_attempts: 0, ip_address: c.ip, user_agent: c.userAgent, created_at: c.createdAt, expires_at: c.expiresAt };
}

/** The account's newest code still to be used (expired or not), if any. */
export const pendingChangeCode = (db: Db, channel: ChangeChannel, accountId: number): ChangeCode | undefined =>
  q(db)[channel].pending.get(accountId) as ChangeCode | undefined;

/** The account's newest request on this channel, used or not. */
export const latestChangeCode = (db: Db, channel: ChangeChannel, accountId: number): ChangeCode | undefined =>
  q(db)[channel].latest.get(accountId) as ChangeCode | undefined;

/** Counts a wrong try at a code; returns how many there were. */
export const countWrongAttempt = (db: Db, channel: ChangeChannel, id: number): number => q(db)[channel].wrongAttempt.get(id) as number;

/** The code can no longer be used; its row stays (it counts towards blocking). */
export const dropChangeCode = (db: Db, channel: ChangeChannel, id: number): void => void q(db)[channel].drop.run(id);

/** Every code of the account on this channel can no longer be used (the change is done). */
export const dropChangeCodes = (db: Db, channel: ChangeChannel, accountId: number): void => void q(db)[channel].dropAll.run(accountId);

/** Forgets a request entirely: its code never reached anyone (the mail or SMS failed). */
export const removeChangeCode = (db: Db, channel: ChangeChannel, id: number): void => void q(db)[channel].remove.run(id);

/** Change requests of the account on both channels since `sinceIso` (FlexiAPI's BlockingService events). */
export const changeRequestsSince = (db: Db, accountId: number, sinceIso: string): number =>
  (q(db).email.since.get(accountId, sinceIso) as number) + (q(db).phone.since.get(accountId, sinceIso) as number);

/** Deletes rows of both channels created before `beforeIso`; returns how many. */
export const removeChangeCodesBefore = (db: Db, beforeIso: string): number =>
  q(db).email.removeBefore.run(beforeIso).changes + q(db).phone.removeBefore.run(beforeIso).changes;
