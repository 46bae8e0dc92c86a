// Account creation tokens (each allows creating or claiming one account) and the request tokens a person validates
// on a web page before one is exchanged for a creation token. Spending a token is one UPDATE … WHERE used = 0
// whose `changes` say who won, so two requests never spend the same token.
import { Conflict } from "../lib/errors.ts";
import { nowIso, statements, unlessTaken, type Db } from "./open.ts";

export interface AccountCreationToken {
  id: number;
  token: string;
  used: number;
  account_id: number | null;
  pn_provider: string | null;
  pn_param: string | null;
  pn_prid: string | null;
  ip_address: string | null;
  user_agent: string | null;
  created_at: string;
  updated_at: string;
}

export interface AccountCreationRequestToken {
  id: number;
  token: string;
  used: number;
  validated_at: string | null;
  account_creation_token_id: number | null;
  created_at: string;
  updated_at: string;
}

/** Who asked: the client's address and User-Agent. */
export interface TokenOrigin {
  ip: string | null;
  userAgent: string | null;
}

/** The device a token was sent to by push, as its app names it (FlexiAPI's pn_provider, pn_param, pn_prid). */
export interface PushDevice {
  pn_provider: string;
  pn_param: string;
  pn_prid: string;
}

const NO_DEVICE = { pn_provider: null, pn_param: null, pn_prid: null };

const q = statements((db) => ({
  insert: db.prepare(`INSERT INTO account_creation_tokens (token, pn_provider, pn_param, pn_prid, ip_address, user_agent, created_at, updated_at)
    VALUES (@token, @pn_provider, @pn_param, @pn_prid, @ip, @userAgent, @now, @now)`),
  byId: db.prepare("SELECT * FROM account_creation_tokens WHERE id = ?"),
  byToken: db.prepare("SELECT * FROM account_creation_tokens WHERE token = ?"),
  latestUsedByDevice: db.prepare(`SELECT * FROM account_creation_tokens
    WHERE pn_provider = @pn_provider AND pn_param = @pn_param AND pn_prid = @pn_prid AND created_at >= @since AND used = 1
    ORDER BY created_at DESC LIMIT 1`),
  spentBy: db.prepare("SELECT 1 FROM account_creation_tokens WHERE account_id = ? AND used = 1 LIMIT 1").pluck(),
  consume: db.prepare(`UPDATE account_creation_tokens SET used = 1, account_id = @accountId, ip_address = @ip,
    user_agent = @userAgent, updated_at = @now WHERE token = @token AND used = 0 AND account_id IS NULL`),
  insertRequest: db.prepare(`INSERT INTO account_creation_request_tokens (token, created_at, updated_at) VALUES (?, ?, ?)`),
  requestByToken: db.prepare("SELECT * FROM account_creation_request_tokens WHERE token = ?"),
  validateRequest: db.prepare(`UPDATE account_creation_request_tokens SET validated_at = coalesce(validated_at, @now), updated_at = @now
    WHERE token = @token AND used = 0`),
  spendRequest: db.prepare(`UPDATE account_creation_request_tokens SET used = 1, updated_at = ?
    WHERE token = ? AND used = 0 AND validated_at IS NOT NULL`),
  linkRequest: db.prepare("UPDATE account_creation_request_tokens SET account_creation_token_id = ? WHERE token = ?"),
}));

const tokenTaken = () => new Conflict("This token exists already; ask for another one.");

/** A new unused token; `device`: the device it was sent to by push. */
export function addCreationToken(db: Db, token: string, origin: TokenOrigin, device?: PushDevice): AccountCreationToken {
  const id = unlessTaken(() => Number(q(db).insert.run({ token, ...NO_DEVICE, ...device, ...origin, now: nowIso() }).lastInsertRowid), tokenTaken);
  return q(db).byId.get(id) as AccountCreationToken;
}

/** The newest token sent to this device since `since` (ISO time) that was used already, if any. */
export function latestUsedTokenForDevice(db: Db, device: PushDevice, since: string): AccountCreationToken | undefined {
  return q(db).latestUsedByDevice.get({ ...device, since }) as AccountCreationToken | undefined;
}

export function findCreationToken(db: Db, token: string): AccountCreationToken | undefined {
  return q(db).byToken.get(token) as AccountCreationToken | undefined;
}

/** Whether the account was created with (or has claimed) a creation token: FlexiAPI 1.5's "validated" account. */
export const hasSpentCreationToken = (db: Db, accountId: number): boolean => q(db).spentBy.get(accountId) !== undefined;

/** Spends an unused token for this account; false when it is unknown or was spent already (by anyone). */
export function consumeCreationToken(db: Db, token: string, accountId: number, origin: TokenOrigin): boolean {
  return q(db).consume.run({ token, accountId, ...origin, now: nowIso() }).changes === 1;
}

export function addRequestToken(db: Db, token: string): AccountCreationRequestToken {
  const now = nowIso();
  unlessTaken(() => q(db).insertRequest.run(token, now, now), tokenTaken);
  return findRequestToken(db, token)!;
}

export function findRequestToken(db: Db, token: string): AccountCreationRequestToken | undefined {
  return q(db).requestByToken.get(token) as AccountCreationRequestToken | undefined;
}

/** A person confirmed the request (the first confirmation's time is kept); false when unknown or used. */
export function validateRequestToken(db: Db, token: string): boolean {
  return q(db).validateRequest.run({ token, now: nowIso() }).changes === 1;
}

/**
 * Spends a validated, unused request token for a new creation token `creationToken`, linked to it; undefined
 * when the request token is unknown, not validated or spent already.
 */
export function exchangeRequestToken(db: Db, requestToken: string, creationToken: string, origin: TokenOrigin): AccountCreationToken | undefined {
  return db.transaction(() => {
    if (q(db).spendRequest.run(nowIso(), requestToken).changes !== 1) return undefined;
    const created = addCreationToken(db, creationToken, origin);
    q(db).linkRequest.run(created.id, requestToken);
    return created;
  })();
}
