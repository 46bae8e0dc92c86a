// FlexiAPI leaves its clean-up to a daily cron job running console commands; the server does the two that keep
// sign-in state small itself, every ten minutes: API keys unused for accounts.api_key_expiration_minutes (so a key
// outlives its expiry by at most ten minutes) and Digest nonces handed out over a day ago (a client reuses its
// nonce with a growing nc for a whole session; losing it costs that client one more challenge, so only nonces no
// session plausibly still uses are dropped), and email/phone change requests once they can neither be used nor
// count towards blocking (confirmation settings; at least a day). Accounts and tombstones stay with the console commands: deleting
// accounts is an admin's decision.
import type { Db } from "../../db/open.ts";
import { log } from "../../lib/log.ts";
import type { ConfigStore } from "../config/store.ts";
import { clearOldChangeCodes, clearOldNonces, clearUnusedApiKeys } from "./cleanup.ts";

export const CLEANUP_INTERVAL_MS = 10 * 60_000;
export const NONCE_MAX_AGE_MINUTES = 24 * 60;

export interface CleanupResult {
  apiKeys: number;
  nonces: number;
  changeCodes: number;
}

export class AccountCleanupScheduler {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly store: ConfigStore,
    private readonly intervalMs = CLEANUP_INTERVAL_MS,
  ) {}

  get started(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      try {
        this.tick();
      } catch (err) {
        log.error(`accounts: clean-up failed: ${(err as Error).message}`);
      }
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Deletes what has expired at `now`. */
  tick(now = Date.now()): CleanupResult {
    const { accounts, confirmation } = this.store.config.switchboard;
    const changeCodeMinutes = Math.max(24 * 60, confirmation.code_expiration_minutes, confirmation.blocking_period_minutes);
    const result = {
      apiKeys: clearUnusedApiKeys(this.db, Number(accounts.api_key_expiration_minutes), now),
      nonces: clearOldNonces(this.db, NONCE_MAX_AGE_MINUTES, now),
      changeCodes: clearOldChangeCodes(this.db, changeCodeMinutes, now),
    };
    if (result.apiKeys || result.nonces || result.changeCodes) {
      log.info(`accounts: deleted ${result.apiKeys} expired API keys, ${result.nonces} old Digest nonces and ${result.changeCodes} old change codes`);
    }
    return result;
  }
}
