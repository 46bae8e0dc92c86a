// Random values this server keeps across restarts (the Digest opaque).
import { randomBytes } from "node:crypto";
import { statements, type Db } from "./open.ts";

const q = statements((db) => ({
  get: db.prepare("SELECT value FROM server_secrets WHERE name = ?").pluck(),
  add: db.prepare("INSERT OR IGNORE INTO server_secrets (name, value) VALUES (?, ?)"),
}));

/** The secret called `name`, made (32 random bytes, base64url) the first time it is asked for. */
export function serverSecret(db: Db, name: string): string {
  q(db).add.run(name, randomBytes(32).toString("base64url"));
  return q(db).get.get(name) as string;
}
