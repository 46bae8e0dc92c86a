// Test accounts from a liblinphone tester JSON file (FlexiAPI's accounts:seed). The file is an array of:
//   {"type": "account", "id": 1, "username": "marie", "domain": "sip.example.org", "activated"?: true,
//    "confirmation_key"?: "…", "phone"?: "+33…", "alias"?: {"alias": "+33…", "domain": "…"},
//    "passwords"?: [{"hash": "<hash or clear password>", "algorithm": "MD5" | "SHA-256" | "CLRTXT"}]}
//   {"type": "range", "id": "%id%", "username": "user_%usernamePostfix%", "domain": "…", "iteration": 2000,
//    "idStart": 49, "usernameStart": 1, "activated"?: …, "confirmation_key"?: …}
// A range makes `iteration` accounts, the n-th with id idStart+n and username usernameStart+n put in the templates,
// each with the clear password "secret". Accounts keep the ids of the file: whatever holds those ids is replaced.
// `alias` is FlexiAPI 1.3's phone alias; 1.5 has `phone` instead, and so do we.
import { createAccount, deleteAccount, getAccount, PASSWORD_ALGORITHMS, type AccountFields, type PasswordAlgorithm, type StoredPassword } from "../../db/accounts.ts";
import type { Db } from "../../db/open.ts";
import { Invalid } from "../../lib/errors.ts";

export interface SeedAccount {
  id: number;
  fields: AccountFields;
  passwords: StoredPassword[];
}

const MAX_ACCOUNTS = 100_000;
const RANGE_PASSWORD: StoredPassword = { algorithm: "CLRTXT", hash: "secret" };

type Entry = Record<string, unknown>;

const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const text = (v: unknown): v is string => typeof v === "string" && v !== "";

function fieldsOf(e: Entry, username: string, problems: string[]): AccountFields {
  const activated = e.activated ?? true;
  if (![true, false, 0, 1].includes(activated as never)) problems.push("activated must be true or false");
  const alias = e.alias as Entry | undefined;
  const phone = e.phone ?? (alias && typeof alias === "object" ? alias.alias : null);
  if (phone !== null && !text(phone)) problems.push("phone (or alias.alias) must be a string");
  if (e.confirmation_key != null && !text(e.confirmation_key)) problems.push("confirmation_key must be a string");
  const domain = e.domain as string;
  return {
    username,
    domain,
    email: `${encodeURIComponent(username)}@${domain}`,
    activated: activated ? 1 : 0,
    confirmation_key: (e.confirmation_key as string | undefined) ?? null,
    phone: (phone as string | null) ?? null,
    user_agent: "Switchboard seeder",
  };
}

function seedPasswords(e: Entry, problems: string[]): StoredPassword[] {
  if (e.passwords === undefined) return [];
  if (!Array.isArray(e.passwords)) return (problems.push("passwords must be a list"), []);
  return e.passwords.map((p: Entry | null) => {
    if (!p || !text(p.hash) || !PASSWORD_ALGORITHMS.includes(p.algorithm as PasswordAlgorithm)) problems.push(`each password needs a hash and an algorithm among ${PASSWORD_ALGORITHMS.join(", ")}`);
    return { hash: p?.hash as string, algorithm: p?.algorithm as PasswordAlgorithm };
  });
}

function accountEntry(e: Entry, problems: string[]): SeedAccount[] {
  if (!isInt(e.id) || e.id < 1) problems.push("id must be a whole number ≥ 1");
  return [{ id: e.id as number, fields: fieldsOf(e, e.username as string, problems), passwords: seedPasswords(e, problems) }];
}

function rangeEntry(e: Entry, problems: string[], room: number): SeedAccount[] {
  for (const k of ["iteration", "idStart", "usernameStart"]) if (!isInt(e[k]) || (e[k] as number) < 0) problems.push(`${k} must be a whole number`);
  if (!text(e.id) && !isInt(e.id)) problems.push("id must be a template such as \"%id%\"");
  if (problems.length) return [];
  const n = e.iteration as number;
  if (n > room) return (problems.push(`a seed file makes at most ${MAX_ACCOUNTS} accounts`), []);
  const out: SeedAccount[] = [];
  for (let i = 0; i < n && !problems.length; i++) {
    const id = Number(String(e.id).replaceAll("%id%", String((e.idStart as number) + i)));
    if (!isInt(id) || id < 1) problems.push(`id "${e.id}" does not give a whole number`);
    const username = (e.username as string).replaceAll("%usernamePostfix%", String((e.usernameStart as number) + i));
    out.push({ id, fields: fieldsOf(e, username, problems), passwords: [RANGE_PASSWORD] });
  }
  return out;
}

/** The accounts a tester file describes, or Invalid naming every entry that is wrong. */
export function parseTesterSeed(json: unknown): SeedAccount[] {
  if (!Array.isArray(json)) throw new Invalid("A seed file holds a JSON array of account and range entries.");
  const accounts: SeedAccount[] = [];
  const errors: Record<string, string[]> = {};
  json.forEach((entry: unknown, i) => {
    const e = (entry && typeof entry === "object" ? entry : {}) as Entry;
    const problems: string[] = [];
    if (!text(e.username)) problems.push("username must be a non-empty string");
    if (!text(e.domain)) problems.push("domain must be a non-empty string");
    if (e.type === "account") accounts.push(...accountEntry(e, problems));
    else if (e.type === "range") accounts.push(...rangeEntry(e, problems, MAX_ACCOUNTS - accounts.length));
    else problems.push(`type must be "account" or "range", not ${JSON.stringify(e.type)}`);
    if (problems.length) errors[`entry ${i + 1}`] = problems;
  });
  const bad = Object.keys(errors).length;
  if (bad) throw new Invalid(`${bad} of ${json.length} entries are wrong; nothing was seeded.`, errors);
  return accounts;
}

/** Replaces whatever holds the seed's ids (no tombstones) with the seed's accounts, all in one transaction. */
export function seedAccounts(db: Db, accounts: SeedAccount[]): void {
  db.transaction(() => {
    for (const { id } of accounts) {
      const old = getAccount(db, id);
      if (old) deleteAccount(db, old, false);
    }
    for (const a of accounts) createAccount(db, a.fields, a.passwords, a.id);
  })();
}
