// Profile history and pinning (README "Profile history and pinning"). Each config (re)load stores the profile of
// every phone whose profile it changed, values included (db/profile-history.ts keeps the newest 50 per phone);
// sightings mark when a version was first and last served. A pinned phone is served a stored version, rendered
// from its stored parameters to the same bytes it had, until it is unpinned — the way back after a bad change
// without editing YAML under pressure.
import type { Db } from "../../db/open.ts";
import { addAuditEntry } from "../../db/audit-log.ts";
import { deletePin, listHistoryVersions, listPins, newestHistoryVersions, saveHistoryVersions, savePin, storedVersion, type HistoryVersion, type NewHistoryVersion, type Pin } from "../../db/profile-history.ts";
import { NotFound } from "../../lib/errors.ts";
import type { Param, ParamMap } from "../config/mpp-files.ts";
import type { Config, ConfigStore } from "../config/store.ts";
import { shownValue } from "./redact.ts";
import { renderParams } from "./profile.ts";
import { configuredOwn } from "./layers.ts";
import { generationVersions, phonesChangedSince, rendered } from "./profile-versions.ts";

/** Stores the profiles this generation changed (compared with each phone's newest stored one). */
export function recordProfileHistory(db: Db, config: Config): void {
  const v = generationVersions(config, db);
  const newest = newestHistoryVersions(db);
  const changed: NewHistoryVersion[] = phonesChangedSince(config, db, (mac) => newest.get(mac)).map(({ phone, fingerprint }) => ({ mac: phone.mac!, fingerprint, own: rendered(configuredOwn(config, db, phone).params), first: !newest.has(phone.mac!) }));
  saveHistoryVersions(db, config.loadedAt, { hash: v.commonHash, xmlPath: JSON.stringify(config.schema.xmlPath), params: () => rendered(config.common) }, changed);
}

const paramMap = (json: string): ParamMap => new Map((JSON.parse(json) as [string, string, Param["ua"]][]).map(([name, value, ua]) => [name, { value, ua }]));

/** A stored version's parameters, phone over common, as its profile rendered them; undefined when not stored. */
function versionParams(db: Db, mac: string, fingerprint: string): { params: ParamMap; xmlPath: string[] } | undefined {
  const row = storedVersion(db, mac, fingerprint);
  if (!row) return undefined;
  const params = paramMap(row.common);
  for (const [name, p] of paramMap(row.own)) params.set(name, p);
  return { params, xmlPath: JSON.parse(row.xml_path) as string[] };
}

export interface PhoneHistory {
  mac: string;
  /** The fingerprint of the profile the config gives the phone now. */
  configured?: string;
  pinned?: Pin;
  versions: HistoryVersion[];
}

export function phoneHistory(db: Db, config: Config, mac: string, pins: ProfilePins): PhoneHistory {
  return { mac, configured: generationVersions(config, db).fingerprints.get(mac), pinned: pins.pinOf(mac), versions: listHistoryVersions(db, mac) };
}

export interface ParameterChange {
  name: string;
  /** null: not set in that version. Secrets are masked (`secret: true` says a masked value changed). */
  from: string | null;
  to: string | null;
  secret?: boolean;
}

/** What changed from one stored version of a phone to another, in the newer one's order; secrets masked. */
export function diffVersions(db: Db, config: Config, mac: string, from: string, to: string): ParameterChange[] {
  const a = versionParams(db, mac, from);
  const b = versionParams(db, mac, to);
  if (!a || !b) throw new NotFound(`No stored version ${a ? to : from} of this phone.`);
  const secrets = config.comparison.secrets;
  const shown = (name: string, p: Param | undefined) => (p === undefined ? null : shownValue(secrets, name, p.value));
  const changes: ParameterChange[] = [];
  const names = new Set([...b.params.keys(), ...a.params.keys()]);
  for (const name of names) {
    const x = a.params.get(name);
    const y = b.params.get(name);
    if (x?.value === y?.value && (x?.ua ?? "na") === (y?.ua ?? "na")) continue;
    const change: ParameterChange = { name, from: shown(name, x), to: shown(name, y) };
    if (x && y && change.from === change.to) change.secret = true;
    changes.push(change);
  }
  return changes;
}

interface ServedPin extends Pin {
  body: Buffer[];
  /** The version's parameters, phone over common (what the phone runs with: its Admin_Password, say). */
  params: ParamMap;
}

/**
 * The pinned phones, kept in memory (the profile hot path asks for every request that is not replayed). Pinning or
 * unpinning forgets the generation's remembered answers (core/mpp/answer-memo.ts), so the next request decides again.
 */
export class ProfilePins {
  private pins = new Map<string, ServedPin>();

  constructor(
    private readonly db: Db,
    private readonly store: ConfigStore,
  ) {
    for (const pin of listPins(db)) {
      const version = this.render(pin.mac, pin.fingerprint);
      if (version) this.pins.set(pin.mac, { ...pin, ...version });
    }
  }

  /** What a pinned phone is served: the version's fingerprint and bytes. */
  served(mac: string | undefined): ServedPin | undefined {
    return mac === undefined ? undefined : this.pins.get(mac);
  }

  pinOf(mac: string): Pin | undefined {
    const p = this.pins.get(mac);
    return p && { mac: p.mac, fingerprint: p.fingerprint, pinned_by: p.pinned_by, pinned_at: p.pinned_at };
  }

  pin(mac: string, fingerprint: string, by: string): Pin {
    const version = this.render(mac, fingerprint);
    if (!version) throw new NotFound(`No stored version ${fingerprint} of this phone.`);
    const pin: Pin = { mac, fingerprint, pinned_by: by, pinned_at: new Date().toISOString() };
    this.db.transaction(() => {
      savePin(this.db, pin);
      addAuditEntry(this.db, { at: pin.pinned_at, username: by, action: "pin", target: mac, detail: `version ${fingerprint}` });
    })();
    this.pins.set(mac, { ...pin, ...version });
    this.store.config.caches.profileAnswers.clear();
    return pin;
  }

  unpin(mac: string, by: string): void {
    const at = new Date().toISOString();
    const was = this.pins.get(mac);
    this.db.transaction(() => {
      if (!deletePin(this.db, mac)) throw new NotFound("This phone is not pinned.");
      addAuditEntry(this.db, { at, username: by, action: "unpin", target: mac, detail: was ? `was version ${was.fingerprint}` : "" });
    })();
    this.pins.delete(mac);
    this.store.config.caches.profileAnswers.clear();
  }

  private render(mac: string, fingerprint: string): { body: Buffer[]; params: ParamMap } | undefined {
    const v = versionParams(this.db, mac, fingerprint);
    return v && { body: [Buffer.from(renderParams(v.params, v.xmlPath), "utf8")], params: v.params };
  }
}
