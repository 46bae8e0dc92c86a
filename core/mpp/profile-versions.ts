// Which configuration a phone has fetched, so drift can say "not resynced yet" instead of "differs" (DESIGN §5.1).
// Each config generation gives every phone of phones.yml (with a mac) a fingerprint of its profile; a profile fetch
// records that fingerprint in the phone's sighting, a report carries the fingerprint of the phone's last fetch,
// and every version is stored as a hash per parameter value. A report compared with a configuration that changed
// since the phone's fetch then tells the parameters edited since (waiting for a resync) from real drift.
import { hash } from "node:crypto";
import type { Db } from "../../db/open.ts";
import { currentProfileVersions, profileVersionHashes, saveProfileVersions, type NewProfileVersion } from "../../db/profile-versions.ts";
import type { ParamMap, PhoneEntry } from "../config/mpp-files.ts";
import type { Config, ConfigStore } from "../config/store.ts";
import { log } from "../../lib/log.ts";
import { recordProfileHistory } from "./profile-history.ts";
import type { SightingBuffer } from "./sightings.ts";
import { configuredOwn, followAccounts, type OwnParams } from "./layers.ts";

export interface GenerationVersions {
  commonHash: string;
  /** MAC → fingerprint of the profile this generation gives the phone. */
  fingerprints: Map<string, string>;
  /** Stored common.yml versions' value hashes, parsed once per generation (by common hash). */
  commonHashes: Map<string, Map<string, string>>;
}

/** A configured value changed since the phone fetched the version it had: `(name, value now) → changed?`. */
export type ChangedSinceFetch = (name: string, value: string) => boolean;

// `length` base64url characters of the hash, encoded from exactly the bytes they take (length a multiple of 4): the
// same text as slicing the whole encoding, but a flat string, where .slice() keeps the whole one behind a view (one
// fingerprint per phone: 50,000 of them). crypto.hash, not a Hash object per value: a first start hashes every
// phone's own values (~50,000 for 5,000 phones), 3 times faster so.
const digest = (text: string, length: number) => hash("sha256", text, "buffer").toString("base64url", 0, (length / 4) * 3);

/** Enough to tell "changed" from "the same", and nothing to read a value back from. */
const valueHash = (value: string) => digest(value, 16);

/** The parameters as the profile renders them (order, value, ua), as JSON text (stored by profile-history.ts too). */
export const rendered = (params: ParamMap): string => JSON.stringify([...params].map(([name, p]) => [name, p.value, p.ua ?? "na"]));

/**
 * This generation's fingerprints, computed once (common.yml hashed once, then each phone's parameters over it, of
 * the model it was last seen as). An account change starts them afresh (core/mpp/layers.ts followAccounts).
 */
export function generationVersions(config: Config, db: Db): GenerationVersions {
  let v = config.caches.profileVersions;
  if (!v) {
    const commonHash = digest(rendered(config.common), 24);
    const fingerprints = new Map<string, string>();
    for (const phone of config.phones) if (phone.mac) fingerprints.set(phone.mac, ownFingerprint(commonHash, configuredOwn(config, db, phone)));
    v = config.caches.profileVersions = { commonHash, fingerprints, commonHashes: new Map() };
  }
  return v;
}

const ownFingerprint = (commonHash: string, own: OwnParams) => (own.fingerprint ??= digest(commonHash + rendered(own.params), 24));

/** The fingerprint of the profile `own` renders (undefined for a phone without a mac in phones.yml). */
export function profileFingerprint(config: Config, db: Db, phone: PhoneEntry, own: OwnParams): string | undefined {
  return phone.mac === undefined ? undefined : ownFingerprint(generationVersions(config, db).commonHash, own);
}

/**
 * A phone served as another model than this generation assumed (its first fetch, or a new User-Agent): the
 * generation's fingerprint follows what it was served. True when it changed (the caller stores the versions).
 */
export function followServedVersion(config: Config, db: Db, mac: string, fingerprint: string): boolean {
  const { fingerprints } = generationVersions(config, db);
  if (fingerprints.get(mac) === fingerprint) return false;
  fingerprints.set(mac, fingerprint);
  return true;
}

/** {name: hash} as JSON, without secrets: they are never compared, and a short password's hash could be guessed. */
function valueHashes(config: Config, params: ParamMap): string {
  const out: Record<string, string> = {};
  for (const [name, p] of params) if (!config.comparison.secrets.has(name)) out[name] = valueHash(p.value);
  return JSON.stringify(out);
}

/** The phones (with a mac) whose profile in this generation is not the one `stored` says they had. */
export function phonesChangedSince(config: Config, db: Db, stored: (mac: string) => string | undefined): { phone: PhoneEntry; fingerprint: string }[] {
  const { fingerprints } = generationVersions(config, db);
  const changed: { phone: PhoneEntry; fingerprint: string }[] = [];
  for (const phone of config.phones) {
    const fingerprint = phone.mac === undefined ? undefined : fingerprints.get(phone.mac);
    if (fingerprint && stored(phone.mac!) !== fingerprint) changed.push({ phone, fingerprint });
  }
  return changed;
}

/**
 * Stores the versions of phones whose profile this generation changed, current from its load time, and retires
 * those of phones no longer in phones.yml. Called at start and after each reload; a reload that changes no
 * phone's profile writes nothing.
 */
export function recordProfileVersions(db: Db, config: Config): void {
  // Versions of lines an account change made out of date are not stored: they are computed afresh.
  followAccounts(config, db);
  const v = generationVersions(config, db);
  const stored = currentProfileVersions(db);
  const changed: NewProfileVersion[] = phonesChangedSince(config, db, (mac) => stored.get(mac)?.fingerprint)
    .map(({ phone, fingerprint }) => ({ mac: phone.mac!, fingerprint, ownHashes: valueHashes(config, configuredOwn(config, db, phone).params), first: !stored.has(phone.mac!) }));
  const retired = [...stored.keys()].filter((mac) => !v.fingerprints.has(mac));
  if (!changed.length && !retired.length) return;
  saveProfileVersions(db, config.loadedAt, { hash: v.commonHash, hashes: () => valueHashes(config, config.common) }, changed, retired);
}

/**
 * Records the versions just after start (a first start with 50,000 phones writes them all: not on the way to
 * listening) and at each reload. Sightings are written first, since a version is kept while a sighting names it.
 */
const RECORD_AT_MOST_EVERY_MS = 1000;

export class ProfileVersionRecorder {
  private atStart?: NodeJS.Immediate;
  private soon?: NodeJS.Timeout;
  private recordedAt = 0;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly store: ConfigStore,
    private readonly sightings: SightingBuffer,
  ) {
    store.onReload((config) => this.record(config));
  }

  /** The versions of the config the server started with, recorded once it listens (startServer calls this). */
  start(): void {
    if (!this.stopped) this.atStart ??= setImmediate(() => this.record(this.store.config));
  }

  /**
   * After an account change, or phones first served as their own model: stored right after the request that
   * noticed it, and at most once a second (a storm of first fetches must not rewrite the versions per phone).
   */
  recordSoon(): void {
    if (this.stopped || this.soon) return;
    const wait = Math.max(0, this.recordedAt + RECORD_AT_MOST_EVERY_MS - Date.now());
    // The config of when the timer fires: a reload in between must not drop what an account change since needs.
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.record(this.store.config);
    }, wait);
    this.soon.unref();
  }

  private record(config: Config): void {
    clearImmediate(this.atStart);
    if (this.stopped) return;
    this.recordedAt = Date.now();
    try {
      this.sightings.flush();
      recordProfileVersions(this.db, config);
      recordProfileHistory(this.db, config);
    } catch (err) {
      log.error(`could not store the phones' profile versions: ${(err as Error).message}`);
    }
  }

  stop(): void {
    this.stopped = true;
    clearImmediate(this.atStart);
    clearTimeout(this.soon);
  }
}

/** Which configured values differ from the version `fingerprint` of the phone; undefined when it is not stored. */
export function changedSinceVersion(db: Db, config: Config, mac: string, fingerprint: string): ChangedSinceFetch | undefined {
  const row = profileVersionHashes(db, mac, fingerprint);
  if (!row) return undefined;
  const parsed = generationVersions(config, db).commonHashes;
  let common = parsed.get(row.common_hash);
  if (!common) parsed.set(row.common_hash, (common = hashMap(row.common)));
  const own = hashMap(row.own);
  return (name, value) => (own.get(name) ?? common.get(name)) !== valueHash(value);
}

const hashMap = (json: string) => new Map(Object.entries(JSON.parse(json) as Record<string, string>));
