// Running the account console commands in tests: each test gets its own config folder and SQLite file (or runs
// against a test server's), and sees what the command printed and its exit code.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { runCli } from "../../cli.ts";
import { openDatabase, type Db } from "../../db/open.ts";

export const DOMAIN = "sip.example.com";
export const SETTINGS = `accounts:\n  sip_domain: ${DOMAIN}\n`;

export interface CommandResult {
  code: number;
  out: string;
}

export interface Place {
  configDir: string;
  dbPath: string;
}

export async function runCommand(at: Place, ...argv: string[]): Promise<CommandResult> {
  process.env.SWITCHBOARD_CONFIG_DIR = at.configDir;
  process.env.SWITCHBOARD_DB = at.dbPath;
  const lines: string[] = [];
  const code = await runCli(argv, (line) => lines.push(line));
  return { code, out: lines.join("\n") };
}

export interface Sandbox extends Place {
  dir: string;
  /** The same SQLite file the commands use, to arrange and check. */
  db: Db;
  run(...argv: string[]): Promise<CommandResult>;
  writeSettings(yaml: string): void;
}

/** A fresh config folder (switchboard.yml = SETTINGS + `extra`) and database, removed after the test. */
export function sandbox(t: TestContext, extra = ""): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-accounts-cli-"));
  const at = { dir, configDir: dir, dbPath: join(dir, "switchboard.sqlite") };
  const writeSettings = (yaml: string) => writeFileSync(join(dir, "switchboard.yml"), yaml);
  writeSettings(SETTINGS + extra);
  const db = openDatabase(at.dbPath);
  t.after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { ...at, db, writeSettings, run: (...argv) => runCommand(at, ...argv) };
}

type Dated = { accounts: "id" | "username"; accounts_tombstones: "username"; digest_nonces: "nonce" };

/** Moves the created_at of the rows where `column` = `value` into the past (the commands use the real clock). */
export function backdate<T extends keyof Dated>(db: Db, table: T, column: Dated[T], value: string | number, minutesAgo: number): void {
  db.prepare(`UPDATE ${table} SET created_at = ? WHERE ${column} = ?`).run(minutesAgoIso(minutesAgo), value);
}

export const minutesAgoIso = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();

export const DAY_MINUTES = 1_440;

/** The usage line cli.ts prints for a command refused with exit 2. */
export const usageOf = (command: string) => new RegExp(`^Usage: npm run cli -- ${command}( |$)`, "m");
