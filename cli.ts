// Console commands: `npm run cli -- <command> [args]`. Same config folder and database as the server
// (SWITCHBOARD_CONFIG_DIR, SWITCHBOARD_DB, SWITCHBOARD_INSTANCE).
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  accountsSeed, clearAccountsTombstones, clearApiKeys, clearNonces, clearUnconfirmed, createAdminAccount, setAdmin,
} from "./core/accounts/cli-commands.ts";
import { exportToExternals, generateExternal, importExternals } from "./core/accounts/cli-external.ts";
import { ConfigStore } from "./core/config/store.ts";
import { importLegacy, readLegacyStorage } from "./core/contacts/legacy-import.ts";
import { isOAuthProvider } from "./core/contacts/oauth-providers.ts";
import { syncSources } from "./core/contacts/sources.ts";
import { ContactSync } from "./core/contacts/sync.ts";
import { openDatabase, type Db } from "./db/open.ts";
import { phonesAction } from "./core/fleet/cli-commands.ts";
import { reportsImport, reportsPrune, schemaGenerate, schemaVerify } from "./core/mpp/cli-commands.ts";
import { lineWarnings } from "./core/mpp/layers.ts";
import { hashPassword } from "./lib/basic-auth.ts";
import { UsageError } from "./lib/cli-args.ts";
import { Invalid, Problem } from "./lib/errors.ts";

const ROOT = dirname(fileURLToPath(import.meta.url));

export interface CliContext {
  store: ConfigStore;
  /** Opened on first use, so commands that need no database do not create one. */
  db(): Db;
  out(line: string): void;
}

interface Command {
  usage: string;
  summary: string;
  run(args: string[], ctx: CliContext): Promise<number> | number;
}

const commands: Record<string, Command> = {
  "config:check": {
    usage: "config:check [--strict]",
    summary: "load every config file and list errors and warnings (exit 1 on errors; --strict: on warnings too)",
    run(args, { store, db, out }) {
      const c = store.config;
      out(`${c.dir}: ${c.phones.length} phones, ${c.common.size} common parameters, ${c.schema.params.size} schema parameters`);
      for (const e of store.errors) out(`error   ${e.file}${e.line ? `:${e.line}` : ""}: ${e.message}`);
      // Lines and keys are filled from the SIP accounts: the database is read only when a phone has some.
      const fromAccounts = c.phones.some((p) => p.lines?.length || p.keys?.length);
      const warnings = [...c.warnings, ...(fromAccounts ? lineWarnings(c, db()) : [])];
      for (const w of warnings) out(`warning ${w}`);
      return store.errors.length || (args.includes("--strict") && warnings.length) ? 1 : 0;
    },
  },
  "contacts:sync": {
    usage: "contacts:sync [key]",
    summary: "sync one contact source, or all (exit 1 when one fails)",
    async run([key], { store, db, out }) {
      const results = await syncSources(new ContactSync(db(), () => store.config.switchboard), store.config.switchboard, key);
      if (key && results.length === 0) {
        out(`There is no contact source with the key ${key}.`);
        return 1;
      }
      for (const { key: k, outcome: o } of results) out(`${k}  ${o.ok ? "ok   " : o.status.padEnd(5)}  ${o.contact_count} contacts${o.error ? `  ${o.error}` : ""}`);
      return results.every((r) => r.outcome.ok) ? 0 : 1;
    },
  },
  "contacts:import-legacy": {
    usage: "contacts:import-legacy <dir> [microsoft|sipgate]",
    summary: "import the PHP version's storage/ tokens, keeping their keys (provider when tokens do not say)",
    run([dir, provider = "microsoft"], { db, out }) {
      if (!dir || !isOAuthProvider(provider)) {
        out("Usage: contacts:import-legacy <dir> [microsoft|sipgate]");
        return 2;
      }
      const results = importLegacy(db(), readLegacyStorage(resolve(dir)), provider);
      for (const r of results) out(`${r.key}  ${r.outcome}${r.provider ? ` (${r.provider})` : ""}${r.reason ? `: ${r.reason}` : ""}`);
      out(`${results.filter((r) => r.outcome === "imported").length} imported; run contacts:sync to fetch their contacts.`);
      return 0;
    },
  },
  "schema:generate": {
    usage: "schema:generate [<phone>|<mac>|<model>]",
    summary: "write schema.yml from that phone's (or model's) newest config report (old file backed up; secrets blanked)",
    run: schemaGenerate,
  },
  "schema:verify": {
    usage: "schema:verify [<phone>|<mac>|<model>]",
    summary: "list parameters of that phone's (or model's) newest config report that schema.yml lacks (exit 1 if any)",
    run: schemaVerify,
  },
  "reports:import": {
    usage: "reports:import <dir>",
    summary: "import the Python service's reports/*.json",
    run: reportsImport,
  },
  "reports:prune": {
    usage: "reports:prune",
    summary: "keep only the newest reports.retention reports per phone",
    run: reportsPrune,
  },
  // SIP accounts (FlexiAPI's console commands, same names and arguments)
  "accounts:clear-api-keys": {
    usage: "accounts:clear-api-keys [minutes]",
    summary: "delete API keys unused for that long (default accounts.api_key_expiration_minutes)",
    run: clearApiKeys,
  },
  "digest:clear-nonces": {
    usage: "digest:clear-nonces <minutes>",
    summary: "delete Digest nonces handed out longer ago",
    run: clearNonces,
  },
  "accounts:clear-unconfirmed": {
    usage: "accounts:clear-unconfirmed <days> [--apply] [--and-confirmed]",
    summary: "count (delete with --apply) accounts older than that never activated (--and-confirmed: all)",
    run: clearUnconfirmed,
  },
  "accounts:clear-accounts-tombstones": {
    usage: "accounts:clear-accounts-tombstones <days> [--apply]",
    summary: "count (delete with --apply) deleted accounts' tombstones older than that",
    run: clearAccountsTombstones,
  },
  "accounts:set-admin": {
    usage: "accounts:set-admin <id>",
    summary: "give the account with this id the admin role",
    run: setAdmin,
  },
  "accounts:create-admin-account": {
    usage: "accounts:create-admin-account [-u <username>] [-p <password>] [-d <domain>]",
    summary: "create (or replace) an activated admin account and print its API key",
    run: createAdminAccount,
  },
  "accounts:generate-external": {
    usage: "accounts:generate-external <amount> <group> [--new-group]",
    summary: "create that many random accounts in a group, to export as another server's external accounts",
    run: generateExternal,
  },
  "accounts:export-to-externals": {
    usage: "accounts:export-to-externals <group> [-o <file>]",
    summary: "write a group's accounts as external accounts JSON (default ./exported_accounts.json)",
    run: exportToExternals,
  },
  "accounts:import-externals": {
    usage: "accounts:import-externals <file>",
    summary: "import an export-to-externals file into the external accounts (existing ones skipped)",
    run: importExternals,
  },
  "accounts:seed": {
    usage: "accounts:seed <json file>",
    summary: "create test accounts from a liblinphone tester JSON file (accounts and ranges, ids kept)",
    run: accountsSeed,
  },
  "phones:resync": {
    usage: "phones:resync <phone|MAC|--group g|--all> [--sip]",
    summary: "ask phones to fetch their profile now (direct action URL, or SIP NOTIFY with --sip); exit 1 when one fails",
    run: (args, ctx) => phonesAction("resync", args, ctx),
  },
  "phones:reboot": {
    usage: "phones:reboot <phone|MAC|--group g|--all> [--sip]",
    summary: "reboot phones (direct action URL, or SIP NOTIFY with --sip); exit 1 when one fails",
    run: (args, ctx) => phonesAction("reboot", args, ctx),
  },
  routes: {
    usage: "routes",
    summary: "list every URL with its methods, who may call it (guard) and its module",
    async run(_args, { out }) {
      for (const line of await routeListing()) out(line);
      return 0;
    },
  },
  "auth:hash-password": {
    usage: "auth:hash-password [password]",
    summary: "print an scrypt hash for serviceconfig.yml auth.users.*.password (reads stdin without argument)",
    async run(args, { out }) {
      const password = args[0] ?? (await readStdin()).replace(/\r?\n$/, "");
      if (!password) return (out("Give a password as argument or on stdin."), 2);
      out(hashPassword(password));
      return 0;
    },
  },
};

const HELP = new Set(["help", "--help", "-h"]);
const usageLine = (c: Command) => (c.usage.length > 34 ? `  ${c.usage}\n  ${"".padEnd(34)} ${c.summary}` : `  ${c.usage.padEnd(34)} ${c.summary}`);

/** The route table as a Markdown table (README's "Who may call what" is this output). */
export async function routeListing(): Promise<string[]> {
  const { siteMap } = await import("./routes/site-map.ts");
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  const rows = (await siteMap()).map((r) => `| ${r.methods.join(", ")} | \`${cell(r.path)}\` | ${cell(r.guard)} | ${r.file} |`);
  return ["| methods | path | guard | module |", "|---|---|---|---|", ...rows];
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function runCli(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const [name, ...args] = argv;
  const asksHelp = (arg: string | undefined) => arg === undefined || HELP.has(arg);
  const command = name ? commands[name] : undefined;
  if (!command) {
    out(asksHelp(name) ? "" : `Unknown command "${name}".\n`);
    out("Usage: npm run cli -- <command> [args]   (npm run cli -- <command> --help: that command's usage)\n");
    for (const c of Object.values(commands).sort((a, b) => a.usage.localeCompare(b.usage))) out(usageLine(c));
    return asksHelp(name) ? 0 : 2;
  }
  // Asked for help, a command explains itself instead of running (schema:generate would write schema.yml).
  if (args.length === 1 && HELP.has(args[0])) {
    out(`Usage: npm run cli -- ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  // Warnings are config:check's to list; the server logs them at each reload.
  const store = new ConfigStore(resolve(process.env.SWITCHBOARD_CONFIG_DIR ?? join(ROOT, "config")), { instance: process.env.SWITCHBOARD_INSTANCE || undefined, logWarnings: false });
  let db: Db | undefined;
  try {
    return await command.run(args, {
      store,
      db: () => (db ??= openDatabase(resolve(process.env.SWITCHBOARD_DB ?? join(ROOT, "storage", "switchboard.sqlite")))),
      out,
    });
  } catch (err) {
    if (err instanceof UsageError) {
      out(err.message);
      out(`Usage: npm run cli -- ${command.usage}`);
      return 2;
    }
    if (!(err instanceof Problem)) throw err;
    // What went wrong in the person's terms (a taken name, an unreadable file), as the API would answer it.
    out(err.message);
    const fields = err instanceof Invalid ? err.fields : {};
    for (const [field, messages] of Object.entries(fields)) for (const m of messages) if (m !== err.message) out(`  ${field}: ${m}`);
    return 1;
  } finally {
    db?.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runCli(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
    console.error(`error: ${(err as Error).message}`);
    process.exit(1);
  });
}
