// Values this server keeps across restarts: random ones (the Digest opaque) and the hash of the generated initial
// admin password.
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

/** The value kept under `name`, if any. */
export function findServerSecret(db: Db, name: string): string | undefined {
  return q(db).get.get(name) as string | undefined;
}

/** Keeps `value` under `name` unless a value is kept there already; true when this one was kept. */
export function addServerSecret(db: Db, name: string, value: string): boolean {
  return q(db).add.run(name, value).changes === 1;
}
