// Shared set-up of the account API tests.
import { createHash } from "node:crypto";
import { passwordsOf, setPasswords, type Account } from "../../db/accounts.ts";
import type { Db } from "../../db/open.ts";

/** Adds a SHA-256 password beside the account's stored one(s) (FlexiAPI's multi-hash accounts). */
export function addSha256(db: Db, a: Account, password: string, realm = a.domain): void {
  const hash = createHash("sha256").update(`${a.username}:${realm}:${password}`).digest("hex");
  setPasswords(db, a.id, [...passwordsOf(db, a.id), { algorithm: "SHA-256", hash }]);
}
