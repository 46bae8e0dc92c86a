// Loads every config file at start and again when the folder changes. A file that fails keeps its last good
// version (or the defaults), and its problem stays visible on /status, /health and the dashboard.
import { existsSync, readFileSync, statSync, watch, type FSWatcher } from "node:fs";
import { basename, join, resolve } from "node:path";
import { RememberedCredentials } from "../../lib/basic-auth.ts";
import { INI_SIZE_LIMIT, IniError, parseIni, type IniSection } from "../../lib/ini.ts";
import { Unavailable } from "../../lib/errors.ts";
import { AddressList } from "../../lib/ip.ts";
import { log } from "../../lib/log.ts";
import { ConfigError, parseYaml, type ConfigProblem } from "../../lib/yaml.ts";
import type { YamlParseCache } from "../../lib/yaml-cache.ts";
import {
  parseCommon, parseComparison, parseFirmware, parsePhones, parseSchema, parseServiceConfig,
  type ComparisonConfig, type FirmwareConfig, type ParamMap, type PhoneEntry, type SchemaConfig, type ServiceConfig,
} from "./mpp-files.ts";
import type { SignedIn } from "../auth/roles.ts";
import { ProfileAnswerMemo } from "../mpp/answer-memo.ts";
import type { CachedComparison } from "../mpp/compare.ts";
import { indexPhones, type PhoneIndex } from "../mpp/identify.ts";
import type { EncodedCommon } from "../mpp/profile.ts";
import type { GenerationVersions } from "../mpp/profile-versions.ts";
import { missingFileWarnings, parameterWarnings } from "./config-warnings.ts";
import { parseGroups, parseModels, type Layers } from "./layer-files.ts";
import type { OwnParams } from "../mpp/layers.ts";
import { validateSwitchboard, deepMerge, type ListenAddress, type SwitchboardConfig } from "./switchboard.ts";

/** How long a verified HTTP Basic credential is remembered (a monitoring scraper then costs one scrypt per 5 minutes). */
export const SIGN_IN_MEMORY_MS = 5 * 60_000;

/** Warnings logged one by one at a reload; the rest are counted (config:check and the dashboard list them all). */
const LOGGED_WARNINGS = 20;

/** Code an admin may put in the config folder to add provisioning entries (core/accounts/provisioning-hooks.ts). */
export const PROVISIONING_HOOKS_FILE = "provisioning-hooks.ts";

export interface Config {
  dir: string;
  generation: number;
  loadedAt: string;
  phones: PhoneEntry[];
  common: ParamMap;
  /** models.yml and groups.yml: the layers between common.yml and a phone's own (core/mpp/layers.ts). */
  models: Layers;
  groups: Layers;
  schema: SchemaConfig;
  firmware: FirmwareConfig;
  comparison: ComparisonConfig;
  service: ServiceConfig;
  switchboard: SwitchboardConfig;
  /** The sections of accounts.provisioning.rc_file (empty without one). */
  provisioningRc: IniSection[];
  /** Phones' ip_address plus ip_whitelist. */
  allowlist: AddressList;
  trustedProxies: AddressList;
  /** phones.yml by ID, MAC, serial number and address. */
  phoneIndex: PhoneIndex;
  /** What loads but will not do what was meant (core/config/config-warnings.ts), bad addresses. */
  warnings: string[];
  caches: GenerationCaches;
}

/** What is computed from one config generation and kept with it: a reload starts with empty caches. */
export interface GenerationCaches {
  /** common.yml encoded once; null when profiles are rendered whole instead; undefined until first needed. */
  encodedCommon?: EncodedCommon | null;
  /** A profile request (path, User-Agent, address) → its answer, sighting and metric series (core/mpp/answer-memo.ts). */
  profileAnswers: ProfileAnswerMemo;
  /** MAC → the drift of its newest config report. */
  comparisons: Map<string, CachedComparison>;
  /** Authorization headers verified in the last minutes (by HMAC, never as sent): a reload forgets them all. */
  signIns: RememberedCredentials<SignedIn>;
  /** Each phone's profile fingerprint in this generation; undefined until first needed. */
  profileVersions?: GenerationVersions;
  /** Phone ID and model → its parameters over common.yml, with the layer that set each (core/mpp/layers.ts). */
  ownParams: Map<string, OwnParams>;
  /** The SIP accounts' version the per-phone caches above were made with (lines come from accounts). */
  accountsVersion?: number;
}

interface FileState<T> {
  value: T;
  problems: ConfigProblem[];
}

export class ConfigStore {
  private current!: Config;
  private lastGood = new Map<string, unknown>();
  private problemsByFile = new Map<string, ConfigProblem[]>();
  /** Problems of files that others load (the provisioning hooks), kept across reloads until they report again. */
  private reportedProblems = new Map<string, ConfigProblem[]>();
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private generation = 0;
  private listeners: ((c: Config) => void)[] = [];

  constructor(
    readonly dir: string,
    /** logWarnings: log the warnings at each (re)load (on unless a caller lists them itself, like config:check). */
    private readonly options: { instance?: string; logWarnings?: boolean; parseCache?: YamlParseCache } & ListenAddress = {},
  ) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new Unavailable(`The config folder ${dir} does not exist: create it (make run sets up ./config from the examples) or point SWITCHBOARD_CONFIG_DIR at yours.`);
    }
    this.reload();
  }

  /** The server got `port` (PORT=0 picks one once listening): a public_url derived from the port follows. */
  listeningOn(port: number): void {
    if (port === this.options.port) return;
    this.options.port = port;
    // The same files again: their warnings were logged a moment ago.
    if (this.current.switchboard.public_url_derived) this.reload({ logWarnings: false });
  }

  get config(): Config {
    return this.current;
  }

  /** Problems of the files as they are now (empty when all load). */
  get errors(): ConfigProblem[] {
    return [...this.problemsByFile.values(), ...this.reportedProblems.values()].flat();
  }

  /** A file loaded elsewhere reports its problems (an empty list clears them); shown with the others on /status. */
  reportProblems(file: string, problems: ConfigProblem[]): void {
    if (problems.length) this.reportedProblems.set(file, problems);
    else this.reportedProblems.delete(file);
  }

  onReload(listener: (c: Config) => void): void {
    this.listeners.push(listener);
  }

  reload(o: { logWarnings?: boolean } = {}): Config {
    const read = <T>(file: string, textScalars: boolean, parse: (raw: unknown, source: string) => { value: T; problems: ConfigProblem[] }, fallback: () => T): FileState<T> => {
      const path = join(this.dir, file);
      let source = "";
      try {
        if (!existsSync(path)) return { value: (this.remember(file, fallback())), problems: [] };
        source = readFileSync(path, "utf8");
        const parsed = parse(this.parseYaml(source, file, textScalars), source);
        if (parsed.problems.length) return { value: (this.lastGood.get(file) as T) ?? fallback(), problems: parsed.problems };
        return { value: this.remember(file, parsed.value), problems: [] };
      } catch (err) {
        const problem = err instanceof ConfigError ? err.problem : { file, message: (err as Error).message };
        return { value: (this.lastGood.get(file) as T) ?? fallback(), problems: [problem] };
      }
    };
    const empty = () => undefined as unknown;
    const monitoring = read<unknown>("monitoring.yml", false, (raw) => ({ value: raw, problems: [] }), empty);
    const phones = read("phones.yml", true, (r, s) => parsePhones(r, s), () => []);
    const common = read("common.yml", true, (r, s) => parseCommon(r, s), () => new Map());
    const models = read("models.yml", true, (r, s) => parseModels(r, s), () => new Map());
    const groups = read("groups.yml", true, (r, s) => parseGroups(r, s), () => new Map());
    const schema = read("schema.yml", true, (r, s) => parseSchema(r, s), () => parseSchema(undefined, "").value);
    const firmware = read("firmware.yml", false, (r, s) => parseFirmware(r, s), () => parseFirmware(undefined, "").value);
    const comparison = read("comparison.yml", false, (r, s) => parseComparison(r, s), () => parseComparison(undefined, "").value);
    const service = read("serviceconfig.yml", false, (r, s) => parseServiceConfig(r, s, monitoring.value), () => parseServiceConfig(undefined, "", monitoring.value).value);
    const switchboard = this.readSwitchboard();
    const rcFile = switchboard.value.accounts.provisioning.rc_file;
    const provisioningRc = this.readRcFile(rcFile);

    const states: [string, FileState<unknown>][] = [
      ["monitoring.yml", monitoring], ["phones.yml", phones], ["common.yml", common], ["models.yml", models], ["groups.yml", groups], ["schema.yml", schema],
      ["firmware.yml", firmware], ["comparison.yml", comparison], ["serviceconfig.yml", service], ["switchboard.yml", switchboard],
      ...(rcFile === null ? [] : [[rcFile, provisioningRc] as [string, FileState<unknown>]]),
    ];
    this.problemsByFile = new Map(states.filter(([, s]) => s.problems.length).map(([f, s]) => [f, s.problems]));
    for (const p of this.errors) log.error(`config ${p.file}${p.line ? `:${p.line}` : ""}: ${p.message} (keeping the last good version)`);

    const whitelist = new AddressList([...service.value.ip_whitelist, ...phones.value.flatMap((p) => (p.ip_address ? [p.ip_address] : []))]);
    const trustedProxies = new AddressList(switchboard.value.trusted_proxies);
    const config: Config = {
      dir: this.dir,
      generation: ++this.generation,
      loadedAt: new Date().toISOString(),
      phones: phones.value,
      common: common.value,
      models: models.value,
      groups: groups.value,
      schema: schema.value,
      firmware: firmware.value,
      comparison: comparison.value,
      service: service.value,
      switchboard: switchboard.value,
      provisioningRc: provisioningRc.value,
      allowlist: whitelist,
      trustedProxies,
      phoneIndex: indexPhones(phones.value),
      warnings: [
        ...missingFileWarnings(this.dir, service.value),
        ...parameterWarnings({
          common: common.value, models: models.value, groups: groups.value, phones: phones.value, schema: schema.value,
          ignored: (name) => comparison.value.blacklist.has(name) || comparison.value.secrets.has(name),
        }),
        ...whitelist.invalid.map((e) => `serviceconfig.yml: ip_whitelist entry "${e}" is not an address or CIDR range`),
        ...trustedProxies.invalid.map((e) => `switchboard.yml: trusted_proxies entry "${e}" is not an address or CIDR range`),
      ],
      caches: { profileAnswers: new ProfileAnswerMemo(), comparisons: new Map(), ownParams: new Map(), signIns: new RememberedCredentials(SIGN_IN_MEMORY_MS) },
    };
    this.current = config;
    if (this.options.logWarnings !== false && o.logWarnings !== false) logWarnings(config.warnings);
    for (const l of this.listeners) l(config);
    return config;
  }

  /** Through the parse cache when the server keeps one (parsed YAML between starts: lib/yaml-cache.ts). */
  private parseYaml(source: string, file: string, textScalars = false): unknown {
    return this.options.parseCache ? this.options.parseCache.parse(source, file, textScalars) : parseYaml(source, file, textScalars);
  }

  private readSwitchboard(): FileState<SwitchboardConfig> {
    const files = ["switchboard.yml", ...(this.options.instance ? [`switchboard.${this.options.instance}.yml`] : [])];
    let merged: unknown = {};
    try {
      for (const file of files) {
        const path = join(this.dir, file);
        if (existsSync(path)) merged = deepMerge(merged, this.parseYaml(readFileSync(path, "utf8"), file) ?? {});
      }
    } catch (err) {
      const problem = err instanceof ConfigError ? err.problem : { file: "switchboard.yml", message: (err as Error).message };
      return { value: (this.lastGood.get("switchboard.yml") as SwitchboardConfig) ?? validateSwitchboard({}, "switchboard.yml", this.options).config, problems: [problem] };
    }
    const { config, problems } = validateSwitchboard(merged, "switchboard.yml", this.options);
    if (problems.length) return { value: (this.lastGood.get("switchboard.yml") as SwitchboardConfig) ?? config, problems };
    return { value: this.remember("switchboard.yml", config), problems: [] };
  }

  /** accounts.provisioning.rc_file, relative to the config folder; a file that fails keeps its last good sections. */
  private readRcFile(file: string | null): FileState<IniSection[]> {
    if (file === null) return { value: [], problems: [] };
    try {
      const path = resolve(this.dir, file);
      if (statSync(path).size > INI_SIZE_LIMIT) throw new Error(`larger than ${INI_SIZE_LIMIT} bytes`);
      return { value: this.remember(file, parseIni(readFileSync(path, "utf8"))), problems: [] };
    } catch (err) {
      const line = err instanceof IniError && err.line ? err.line : undefined;
      const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "the file does not exist" : (err as Error).message;
      return { value: (this.lastGood.get(file) as IniSection[]) ?? [], problems: [{ file, line, message: `accounts.provisioning.rc_file: ${reason}` }] };
    }
  }

  /** Config files are YAML, plus the provisioning rc file and hooks, which the folder watch also follows. */
  private watched(name: string): boolean {
    const rcFile = this.current.switchboard.accounts.provisioning.rc_file;
    return name.endsWith(".yml") || name.endsWith(".yaml") || name === PROVISIONING_HOOKS_FILE || (rcFile !== null && name === basename(rcFile));
  }

  private remember<T>(file: string, value: T): T {
    this.lastGood.set(file, value);
    return value;
  }

  /** Reloads shortly after any change in the folder (editors write files in several steps). */
  watch(debounceMs = 150): void {
    if (this.watcher) return;
    this.watcher = watch(this.dir, (_event, name) => {
      if (name && !this.watched(String(name))) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        log.info(`config folder changed (${name ?? "?"}), reloading`);
        this.reload();
      }, debounceMs);
    });
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
  }
}

function logWarnings(warnings: string[]): void {
  for (const w of warnings.slice(0, LOGGED_WARNINGS)) log.warn(`config ${w}`);
  if (warnings.length > LOGGED_WARNINGS) log.warn(`config: … and ${warnings.length - LOGGED_WARNINGS} more warnings (npm run cli -- config:check lists them all)`);
}
