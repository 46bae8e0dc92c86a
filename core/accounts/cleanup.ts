// What gets old in the account tables and when it goes: unused API keys, Digest nonces, email/phone change codes,
// accounts never activated, tombstones. The console commands (FlexiAPI's, same arguments) and the server's timer both come through here.
import { clearAccountsCreatedBefore, clearTombstones } from "../../db/accounts.ts";
import { deleteUnusedApiKeys } from "../../db/api-keys.ts";
import { removeChangeCodesBefore } from "../../db/change-codes.ts";
import { deleteNoncesBefore } from "../../db/digest-nonces.ts";
import type { Db } from "../../db/open.ts";

const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;

const before = (now: number, ms: number) => new Date(now - ms).toISOString();

/** Deletes API keys not used for `minutes`; returns how many. */
export const clearUnusedApiKeys = (db: Db, minutes: number, now = Date.now()): number => deleteUnusedApiKeys(db, before(now, minutes * MINUTE));

/** Deletes Digest nonces handed out more than `minutes` ago; returns how many. */
export const clearOldNonces = (db: Db, minutes: number, now = Date.now()): number => deleteNoncesBefore(db, before(now, minutes * MINUTE));

/** Accounts older than `days` never activated (all of them with `andActivated`): counted, deleted with `apply`. */
export const clearUnconfirmedAccounts = (db: Db, days: number, o: { apply: boolean; andActivated: boolean }, now = Date.now()): number =>
  clearAccountsCreatedBefore(db, before(now, days * DAY), o);

/** Tombstones older than `days`: counted, deleted with `apply` (the names become free again). */
export const clearOldTombstones = (db: Db, days: number, apply: boolean, now = Date.now()): number => clearTombstones(db, before(now, days * DAY), apply);

/** Email and phone change requests made more than `minutes` ago (used, dropped or expired by then); returns how many. */
export const clearOldChangeCodes = (db: Db, minutes: number, now = Date.now()): number => removeChangeCodesBefore(db, before(now, minutes * MINUTE));
