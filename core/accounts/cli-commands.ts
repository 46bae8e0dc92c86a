// The account console commands of FlexiAPI, same names and arguments, registered in cli.ts: clean-up, admins,
// seeding (external accounts: cli-external.ts). Wrong arguments throw UsageError (usage, exit 2); domain errors
// from core (a taken name, a bad file) are printed by cli.ts with exit 1.
import { existsSync, readFileSync } from "node:fs";
import { deleteAccount, findAccount, getAccount, updateAccount } from "../../db/accounts.ts";
import type { Db } from "../../db/open.ts";
import { callerPath, commandArgs, wholeNumber } from "../../lib/cli-args.ts";
import { Invalid } from "../../lib/errors.ts";
import { randomAlphanumeric } from "../../lib/random.ts";
import type { ConfigStore } from "../config/store.ts";
import { clearOldNonces, clearOldTombstones, clearUnconfirmedAccounts, clearUnusedApiKeys } from "./cleanup.ts";
import { createAccountAsAdmin } from "./manage.ts";
import { newApiKey } from "./me.ts";
import { parseTesterSeed, seedAccounts } from "./seed.ts";

export interface AccountCliContext {
  store: ConfigStore;
  db(): Db;
  out(line: string): void;
}

const NO_OPTIONS = {};
const settingsOf = (ctx: AccountCliContext) => ctx.store.config.switchboard.accounts;

/** accounts:clear-api-keys [minutes]: keys unused for that long (default accounts.api_key_expiration_minutes). */
export function clearApiKeys(args: string[], ctx: AccountCliContext): number {
  const { positionals: [arg] } = commandArgs(args, NO_OPTIONS, { min: 0, max: 1 });
  const minutes = arg === undefined ? Number(settingsOf(ctx).api_key_expiration_minutes) : wholeNumber(arg, "minutes");
  ctx.out(`Deleting the API keys unused for ${minutes} minutes`);
  ctx.out(`${clearUnusedApiKeys(ctx.db(), minutes)} API keys deleted`);
  return 0;
}

/** digest:clear-nonces <minutes>: nonces handed out longer ago. */
export function clearNonces(args: string[], ctx: AccountCliContext): number {
  const { positionals: [arg] } = commandArgs(args, NO_OPTIONS, { min: 1, max: 1 });
  const minutes = wholeNumber(arg, "minutes");
  ctx.out(`${clearOldNonces(ctx.db(), minutes)} expired nonces deleted`);
  return 0;
}

/** accounts:clear-unconfirmed <days> [--apply] [--and-confirmed]: a dry run counts, --apply deletes. */
export function clearUnconfirmed(args: string[], ctx: AccountCliContext): number {
  const { values, positionals: [arg] } = commandArgs(args, { apply: { type: "boolean" }, "and-confirmed": { type: "boolean" } }, { min: 1, max: 1 });
  const days = wholeNumber(arg, "days");
  const o = { apply: values.apply === true, andActivated: values["and-confirmed"] === true };
  const count = clearUnconfirmedAccounts(ctx.db(), days, o);
  ctx.out(o.apply ? `${count} accounts deleted` : `${count} accounts to delete (add --apply to delete them)`);
  return 0;
}

/** accounts:clear-accounts-tombstones <days> [--apply]. */
export function clearAccountsTombstones(args: string[], ctx: AccountCliContext): number {
  const { values, positionals: [arg] } = commandArgs(args, { apply: { type: "boolean" } }, { min: 1, max: 1 });
  const apply = values.apply === true;
  const count = clearOldTombstones(ctx.db(), wholeNumber(arg, "days"), apply);
  ctx.out(apply ? `${count} tombstones deleted` : `${count} tombstones to delete (add --apply to delete them)`);
  return 0;
}

/** accounts:set-admin <id>. */
export function setAdmin(args: string[], ctx: AccountCliContext): number {
  const { positionals: [arg] } = commandArgs(args, NO_OPTIONS, { min: 1, max: 1 });
  const db = ctx.db();
  const account = getAccount(db, wholeNumber(arg, "id"));
  if (!account) return (ctx.out(`There is no account with the id ${arg}.`), 1);
  updateAccount(db, account, { admin: 1 });
  ctx.out(`Account ${account.username}@${account.domain} is now admin`);
  return 0;
}

/**
 * accounts:create-admin-account [-u username] [-p password] [-d domain]: an activated admin with a SHA-256
 * password and an API key; an account of that name is replaced. FlexiAPI asks for what is missing and falls back
 * to admin / sip_domain / a published default password; we take the first two and make a random password instead.
 */
export function createAdminAccount(args: string[], ctx: AccountCliContext): number {
  const spec = { username: { type: "string", short: "u" }, password: { type: "string", short: "p" }, domain: { type: "string", short: "d" } } as const;
  const { values } = commandArgs(args, spec, { min: 0, max: 0 });
  const s = settingsOf(ctx);
  const username = values.username ?? "admin";
  const domain = values.domain ?? s.sip_domain;
  const password = values.password ?? randomAlphanumeric(16);
  const db = ctx.db();
  const { account, key } = db.transaction(() => {
    const old = findAccount(db, username, domain);
    if (old) deleteAccount(db, old, false);
    // The console may create an admin in any domain.
    const body = { username, domain, password, algorithm: "SHA-256", activated: true, admin: true };
    const created = createAccountAsAdmin(db, { ...s, admins_manage_multi_domains: true }, body, { ip: "127.0.0.1", userAgent: "Switchboard console" });
    return { account: created, key: newApiKey(db, created, null) };
  })();
  ctx.out(`Admin account created: "${account.username}@${account.domain}" | Password: "${password}" | API Key: "${key}"`);
  ctx.out(`The API key is deleted once unused for ${s.api_key_expiration_minutes} minutes; the password stays.`);
  return 0;
}

/** The parsed JSON of a file, or Invalid saying why there is none. */
export function readJsonFile(path: string): unknown {
  if (!existsSync(path)) throw new Invalid(`There is no file ${path}.`);
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Invalid(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** accounts:seed <json file>: liblinphone tester accounts (core/accounts/seed.ts describes the format). */
export function accountsSeed(args: string[], ctx: AccountCliContext): number {
  const { positionals: [path] } = commandArgs(args, NO_OPTIONS, { min: 1, max: 1 });
  const accounts = parseTesterSeed(readJsonFile(callerPath(path)));
  seedAccounts(ctx.db(), accounts);
  ctx.out(`Seeded ${accounts.length} accounts`);
  return 0;
}
