// Console commands: `npm run cli -- <command> [args]`. Same config folder and database as the server
// (SWITCHBOARD_CONFIG_DIR, SWITCHBOARD_DB, SWITCHBOARD_INSTANCE).
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ConfigStore } from "./core/config/store.ts";
import { openDatabase, type Db } from "./db/open.ts";

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
    usage: "config:check",
    summary: "load every config file and list errors and warnings (exit 1 on errors)",
    run(_args, { store, out }) {
      const c = store.config;
      out(`${c.dir}: ${c.phones.length} phones, ${c.common.size} common parameters, ${c.schema.params.size} schema parameters`);
      for (const e of store.errors) out(`error   ${e.file}${e.line ? `:${e.line}` : ""}: ${e.message}`);
      for (const w of c.warnings) out(`warning ${w}`);
      return store.errors.length ? 1 : 0;
    },
  },
};

export async function runCli(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    out(name && name !== "help" ? `Unknown command "${name}".\n` : "");
    out("Usage: npm run cli -- <command> [args]\n");
    for (const c of Object.values(commands).sort((a, b) => a.usage.localeCompare(b.usage))) out(`  ${c.usage.padEnd(34)} ${c.summary}`);
    return name && name !== "help" ? 2 : 0;
  }
  const store = new ConfigStore(resolve(process.env.SWITCHBOARD_CONFIG_DIR ?? join(ROOT, "config")), { instance: process.env.SWITCHBOARD_INSTANCE || undefined });
  let db: Db | undefined;
  try {
    return await command.run(args, {
      store,
      db: () => (db ??= openDatabase(resolve(process.env.SWITCHBOARD_DB ?? join(ROOT, "storage", "switchboard.sqlite")))),
      out,
    });
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
