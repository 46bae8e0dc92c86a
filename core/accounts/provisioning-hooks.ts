// Provisioning hooks: an optional provisioning-hooks.ts in the config folder (FlexiAPI's config/provisioning_hooks.php)
// whose functions add entries to the account's proxy and auth_info sections and add whole sections. Loaded at start
// and again when the config folder changes; a file that fails to load, or a hook that throws, is a config problem
// named after the file (shown on /status), never a crash. The hooks run while a one-shot token is being spent, inside
// its database transaction: they must answer synchronously.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { tsImport } from "tsx/esm/api";
import { Unavailable } from "../../lib/errors.ts";
import { log, oneLine } from "../../lib/log.ts";
import { PROVISIONING_HOOKS_FILE, type ConfigStore } from "../config/store.ts";

/** An entry value; booleans become 1 and 0, as Linphone writes them. */
export type HookValue = string | number | boolean;
/** Entry name → value, added to a section (a name already there gets the new value). */
export type HookEntries = Record<string, HookValue>;

/** What a hook knows of the account being provisioned (no password hash, no one-shot secret). */
export interface HookAccount {
  id: number;
  username: string;
  domain: string;
  display_name: string | null;
  email: string | null;
  phone: string | null;
  admin: boolean;
  activated: boolean;
  dtmf_protocol: string | null;
  /** The keys of its account types. */
  types: string[];
  /** Its FlexiAPI dictionary (free key → value settings). */
  dictionary: Record<string, string>;
}

/** What a hook knows of the request (headers in lower case). */
export interface HookRequest {
  clientIp: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  query: URLSearchParams;
}

/** The functions provisioning-hooks.ts may export; each is optional. */
export interface ProvisioningHookFunctions {
  /** More entries for the account's proxy_N section (after reg_identity, reg_sendregister, refkey, reg_proxy). */
  proxyEntries?(account: HookAccount, request: HookRequest): HookEntries | undefined | void;
  /** More entries for each auth_info_M section of the account (one per stored password). */
  authInfoEntries?(account: HookAccount, password: { algorithm: string }, request: HookRequest): HookEntries | undefined | void;
  /** More sections, section name → entries; also called for GET /provisioning, without an account. */
  extraSections?(account: HookAccount | undefined, request: HookRequest): Record<string, HookEntries> | undefined | void;
}

const HOOK_NAMES = ["proxyEntries", "authInfoEntries", "extraSections"] as const;
type HookName = (typeof HOOK_NAMES)[number];

export class ProvisioningHooks {
  private hooks: ProvisioningHookFunctions = {};
  /** The file exists but never loaded: provisioning waits for a good version rather than serve documents without it. */
  private unusable = false;
  private loading: Promise<void> = Promise.resolve();

  constructor(private readonly store: ConfigStore) {}

  /** (Re)loads the file after any load under way (the newest file wins); its problems replace earlier ones. Never rejects. */
  load(): Promise<void> {
    this.loading = this.loading.then(() => this.loadNow());
    return this.loading;
  }

  private async loadNow(): Promise<void> {
    const path = join(this.store.dir, PROVISIONING_HOOKS_FILE);
    if (!existsSync(path)) {
      this.hooks = {};
      this.unusable = false;
      this.store.reportProblems(PROVISIONING_HOOKS_FILE, []);
      return;
    }
    try {
      // tsx loads the file afresh on every call (a plain import() would answer the cached first version).
      this.hooks = hookFunctions(await tsImport(pathToFileURL(path).href, import.meta.url));
      this.unusable = false;
      this.store.reportProblems(PROVISIONING_HOOKS_FILE, []);
    } catch (err) {
      // The last good version stays in use, as with the other config files.
      if (Object.keys(this.hooks).length === 0) this.unusable = true;
      this.fail(`cannot be loaded: ${(err as Error).message}`);
    }
  }

  /**
   * Runs one hook (undefined when the file does not export it). A hook that throws or answers something else than
   * entries is reported as a config problem, and the request gets 503 with the file's name.
   */
  run<N extends HookName>(name: N, ...args: Parameters<NonNullable<ProvisioningHookFunctions[N]>>): ReturnType<NonNullable<ProvisioningHookFunctions[N]>> | undefined {
    if (this.unusable) throw this.unavailable();
    const hook = this.hooks[name] as ((...a: unknown[]) => unknown) | undefined;
    if (!hook) return undefined;
    let answer: unknown;
    try {
      answer = hook(...args);
      if (name === "extraSections") checkSections(answer);
      else checkEntries(answer);
    } catch (err) {
      this.fail(`${name}() failed: ${(err as Error).message}`);
      throw this.unavailable();
    }
    return answer as ReturnType<NonNullable<ProvisioningHookFunctions[N]>>;
  }

  private fail(message: string): void {
    log.error(`config ${PROVISIONING_HOOKS_FILE}: ${oneLine(message)}`);
    this.store.reportProblems(PROVISIONING_HOOKS_FILE, [{ file: PROVISIONING_HOOKS_FILE, message: oneLine(message) }]);
  }

  private unavailable(): Unavailable {
    return new Unavailable(`Provisioning is unavailable: the config file ${PROVISIONING_HOOKS_FILE} has a problem (see /status).`);
  }
}

/** The hooks of a loaded module (a CommonJS file's exports arrive under `default` too). */
function hookFunctions(mod: Record<string, unknown>): ProvisioningHookFunctions {
  const inner = typeof mod.default === "object" && mod.default !== null ? (mod.default as Record<string, unknown>) : {};
  const found: ProvisioningHookFunctions = {};
  for (const name of HOOK_NAMES) {
    const value = mod[name] ?? inner[name];
    if (value === undefined) continue;
    if (typeof value !== "function") throw new Error(`its export ${name} must be a function`);
    found[name] = value as never;
  }
  if (Object.keys(found).length === 0) throw new Error(`it exports none of the hooks (${HOOK_NAMES.join(", ")})`);
  return found;
}

/** A hook's answer: nothing, or a plain object (a promise, a list or a value is refused). */
function isAnswer(answer: unknown, what: string): answer is Record<string, unknown> | undefined {
  if (answer === undefined) return true;
  if (typeof answer === "object" && answer !== null && !Array.isArray(answer) && !(answer instanceof Promise)) return true;
  throw new Error(`it must return an object of ${what} (synchronously), or nothing`);
}

function checkEntries(answer: unknown): void {
  if (!isAnswer(answer, "entry name → value")) return;
  for (const [name, value] of Object.entries(answer ?? {})) {
    if (!name) throw new Error("an entry needs a name");
    if (!["string", "number", "boolean"].includes(typeof value)) throw new Error(`the entry ${JSON.stringify(name)} must be a string, number or boolean`);
  }
}

function checkSections(answer: unknown): void {
  if (!isAnswer(answer, "section name → entries")) return;
  for (const [name, entries] of Object.entries(answer ?? {})) {
    if (!name) throw new Error("a section needs a name");
    if (entries === undefined) throw new Error(`the section ${JSON.stringify(name)} needs entries`);
    checkEntries(entries);
  }
}
