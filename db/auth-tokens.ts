// Auth tokens: an app shows one (as a QR code), a signed-in account attaches it, and the app trades it once for
// an API key. Tokens live a few minutes; `since` is the creation time before which a token counts as expired.
import { nowIso, statements, type Db } from "./open.ts";
import type { TokenOrigin } from "./account-creation-tokens.ts";

const q = statements((db) => ({
  insert: db.prepare("INSERT INTO auth_tokens (token, ip_address, user_agent, created_at) VALUES (@token, @ip, @userAgent, @now)"),
  // Ids grow with time, so the expired tokens are those below the oldest live one: a short walk from the lowest id
  // instead of a scan of the table (anyone may create tokens).
  pruneBefore: db.prepare(`DELETE FROM auth_tokens WHERE id < coalesce(
    (SELECT id FROM auth_tokens WHERE created_at >= @since ORDER BY id LIMIT 1), (SELECT max(id) + 1 FROM auth_tokens))`),
  attach: db.prepare("UPDATE auth_tokens SET account_id = ? WHERE token = ? AND account_id IS NULL AND created_at >= ?"),
  take: db.prepare("DELETE FROM auth_tokens WHERE token = ? AND account_id IS NOT NULL AND created_at >= ? RETURNING account_id").pluck(),
}));

/** A new token; expired ones are deleted on the way. */
export function addAuthToken(db: Db, token: string, origin: TokenOrigin, since: string): void {
  db.transaction(() => {
    q(db).pruneBefore.run({ since });
    q(db).insert.run({ token, ...origin, now: nowIso() });
  })();
}

/** Binds a live, unattached token to the account; false when unknown, expired or attached already. */
export function attachAuthToken(db: Db, token: string, accountId: number, since: string): boolean {
  return q(db).attach.run(accountId, token, since).changes === 1;
}

/** Deletes a live, attached token and answers its account's id; undefined when there is none to take. */
export function takeAuthToken(db: Db, token: string, since: string): number | undefined {
  return q(db).take.get(token, since) as number | undefined;
}
