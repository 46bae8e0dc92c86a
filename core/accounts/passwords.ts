// Account passwords as Digest stores them: H(username:realm:password) per algorithm, never the password itself
// (CLRTXT only arrives from seeding, for compatibility with FlexiAPI's liblinphone tester data).
import { DIGEST_ALGORITHMS, digestHa1, sameDigest, type DigestAlgorithm } from "../../lib/digest.ts";
import type { Account, PasswordAlgorithm, StoredPassword } from "../../db/accounts.ts";
import type { AccountsSettings } from "../config/accounts-settings.ts";

/** The Digest realm of an account: accounts.realm when configured, else the account's domain. */
export function realmOf(settings: AccountsSettings, account: Pick<Account, "domain">): string {
  return settings.realm ?? account.domain;
}

export const isDigestAlgorithm = (a: unknown): a is DigestAlgorithm => DIGEST_ALGORITHMS.includes(a as DigestAlgorithm);

/** What to store for a new password: its hash with the algorithm the client asked for. */
export function storedPassword(account: Pick<Account, "username">, realm: string, password: string, algorithm: DigestAlgorithm): StoredPassword {
  return { algorithm, hash: digestHa1(algorithm, account.username, realm, password) };
}

/** HA1 for a Digest exchange with `algorithm`, from the matching stored hash or a clear password. */
export function ha1For(stored: StoredPassword[], algorithm: DigestAlgorithm, username: string, realm: string): string | undefined {
  const exact = stored.find((p) => p.algorithm === algorithm);
  if (exact) return exact.hash;
  const clear = stored.find((p) => p.algorithm === "CLRTXT");
  return clear ? digestHa1(algorithm, username, realm, clear.hash) : undefined;
}

/** Whether `password` is the account's password, checked against every stored form. */
export function passwordMatches(stored: StoredPassword[], username: string, realm: string, password: string): boolean {
  let ok = false;
  for (const p of stored) {
    const expected = p.algorithm === "CLRTXT" ? digestHa1("SHA-256", username, realm, p.hash) : p.hash;
    const algorithm: DigestAlgorithm = p.algorithm === "CLRTXT" ? "SHA-256" : p.algorithm;
    if (sameDigest(expected, digestHa1(algorithm, username, realm, password))) ok = true;
  }
  return ok;
}

/** The algorithms a challenge offers: each stored one; a clear password offers all. */
export function offeredAlgorithms(stored: { algorithm: PasswordAlgorithm }[]): DigestAlgorithm[] {
  if (stored.some((p) => p.algorithm === "CLRTXT")) return [...DIGEST_ALGORITHMS];
  return DIGEST_ALGORITHMS.filter((a) => stored.some((p) => p.algorithm === a));
}
