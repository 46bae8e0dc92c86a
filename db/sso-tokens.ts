// SSO tokens of Contact Sync: one per identity (username, cloud_id), stored as the SHA-256 of the token, with the
// identity's verified phone numbers (as given, and normalized in sso_token_numbers for smart contacts).
import { statements, type Db } from "./open.ts";

export interface SsoToken {
  id: number;
  username: string;
  cloud_id: string;
  /** As External Authentication gave them. */
  verified_numbers: string[];
  created_at: string;
  expires_at: string;
}

export interface NewSsoToken {
  username: string;
  cloud_id: string;
  tokenHash: string;
  verifiedNumbers: string[];
  /** The same numbers in E.164 digits without "+". */
  normalizedNumbers: string[];
  createdAt: string;
  expiresAt: string;
}

const q = statements((db) => ({
  // In place, so the identity's row (and its id) stays the same across sign-ins.
  save: db.prepare(`INSERT INTO sso_tokens (username, cloud_id, token_hash, verified_numbers, created_at, expires_at)
    VALUES (@username, @cloud_id, @tokenHash, @numbers, @createdAt, @expiresAt)
    ON CONFLICT (username, cloud_id) DO UPDATE SET token_hash = excluded.token_hash, verified_numbers = excluded.verified_numbers,
      created_at = excluded.created_at, expires_at = excluded.expires_at
    RETURNING id`).pluck(),
  clearNumbers: db.prepare("DELETE FROM sso_token_numbers WHERE token_id = ?"),
  addNumber: db.prepare("INSERT OR IGNORE INTO sso_token_numbers (token_id, number) VALUES (?, ?)"),
  byHash: db.prepare("SELECT id, username, cloud_id, verified_numbers, created_at, expires_at FROM sso_tokens WHERE token_hash = ?"),
}));

/** The identity's one token becomes this one (a previous token stops working); returns the row's id. */
export function saveSsoToken(db: Db, t: NewSsoToken): number {
  return db.transaction(() => {
    const id = q(db).save.get({ ...t, numbers: JSON.stringify(t.verifiedNumbers) }) as number;
    q(db).clearNumbers.run(id);
    for (const n of t.normalizedNumbers) q(db).addNumber.run(id, n);
    return id;
  })();
}

export function findSsoToken(db: Db, tokenHash: string): SsoToken | undefined {
  const row = q(db).byHash.get(tokenHash) as (Omit<SsoToken, "verified_numbers"> & { verified_numbers: string }) | undefined;
  return row && { ...row, verified_numbers: JSON.parse(row.verified_numbers) as string[] };
}
