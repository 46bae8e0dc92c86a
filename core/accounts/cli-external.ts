// The external-account console commands of FlexiAPI 1.3 (registered in cli.ts): generate a group of accounts here,
// export it, import such an export on another server as its external accounts.
import { writeFileSync } from "node:fs";
import { accountGroups } from "../../db/account-groups.ts";
import { callerPath, commandArgs, UsageError, wholeNumber } from "../../lib/cli-args.ts";
import { readJsonFile, type AccountCliContext } from "./cli-commands.ts";
import { exportGroup, generateGroupAccounts, GROUP_PATTERN, importExternal, parseExternalAccounts } from "./groups.ts";

const MAX_AMOUNT = 100_000;

/**
 * accounts:generate-external <amount> <group> [--new-group]. FlexiAPI asks before starting a group that does not
 * exist yet (a typo would scatter a batch); a command line cannot be asked, so a new group needs --new-group.
 */
export function generateExternal(args: string[], ctx: AccountCliContext): number {
  const { values, positionals: [amountArg, group] } = commandArgs(args, { "new-group": { type: "boolean" } }, { min: 2, max: 2 });
  const amount = wholeNumber(amountArg, "amount", MAX_AMOUNT);
  if (!GROUP_PATTERN.test(group)) throw new UsageError("The group may hold lower-case letters, digits, dashes and underscores (at most 64).");
  const db = ctx.db();
  const groups = accountGroups(db);
  if (!groups.includes(group) && !values["new-group"]) {
    ctx.out(`Existing groups: ${groups.join(", ") || "none"}`);
    ctx.out(`"${group}" would be a new group: add --new-group to create it.`);
    return 1;
  }
  generateGroupAccounts(db, ctx.store.config.switchboard.accounts, group, amount);
  ctx.out(`${amount} accounts created in the group "${group}"`);
  return 0;
}

/** accounts:export-to-externals <group> [-o file], by default exported_accounts.json where the command was run. */
export function exportToExternals(args: string[], ctx: AccountCliContext): number {
  const { values, positionals: [group] } = commandArgs(args, { output: { type: "string", short: "o" } }, { min: 1, max: 1 });
  const { accounts, skipped } = exportGroup(ctx.db(), group);
  for (const sip of skipped) ctx.out(`skipped ${sip}: it has no password`);
  if (!accounts.length) return (ctx.out(`Nothing to export: the group "${group}" has no accounts with a password.`), 1);
  const path = callerPath(values.output ?? "exported_accounts.json");
  ctx.out(`Exporting ${accounts.length} accounts`);
  // The file holds password hashes, which are as good as the passwords for Digest.
  writeFileSync(path, `${JSON.stringify(accounts, null, 2)}\n`, { mode: 0o600 });
  ctx.out(`Exported to ${path}`);
  return 0;
}

/** accounts:import-externals <file>: accounts already there (same username and domain) are skipped. */
export function importExternals(args: string[], ctx: AccountCliContext): number {
  const { positionals: [path] } = commandArgs(args, {}, { min: 1, max: 1 });
  const { imported, existing } = importExternal(ctx.db(), parseExternalAccounts(readJsonFile(callerPath(path))));
  ctx.out(`${imported} accounts imported`);
  if (existing) ctx.out(`${existing} accounts already in the database`);
  return 0;
}
