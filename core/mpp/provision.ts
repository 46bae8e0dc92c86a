// What a phone asking for /<id>.xml gets (DESIGN §5.1), decided once for every transport that serves profiles.
// The order: discovery mode → (the IP allowlist: the `phone` guard, before this) → another phone's profile
// refused → firmware → the phone's own profile (identifyPhone: never for a bootstrap name; with
// tls.profiles_only_to_proven_phones only to a phone proven by its certificate) → a bootstrap profile for a
// factory-reset phone → not found.
// Sightings, metrics and logs happen here too, so each transport only turns the answer into its own reply.
// A sighting is filed under the MAC the request names, never under a phone found by the client's address; a MAC
// not in phones.yml is filed as an unknown phone (the dashboard's "Seen, not in phones.yml").
import { Forbidden, NotFound } from "../../lib/errors.ts";
import { log, oneLine } from "../../lib/log.ts";
import type { App } from "../app.ts";
import { rememberAnswer, replayAnswer } from "./answer-memo.ts";
import { firmwareUpgrade, renderUpgrade } from "./firmware.ts";
import type { UnknownPhoneAnswer } from "../../db/unknown-phones.ts";
import { bootstrapModel, foreignProfile, identifyPhone, namedMac, parseUserAgent, phoneByMac } from "./identify.ts";
import { formatMac } from "./mac.ts";
import { configRequestSeries, countConfigRequest } from "./metrics.ts";
import { currentConfig, ownParams } from "./layers.ts";
import { cachedProfile, renderBootstrap } from "./profile.ts";
import { followServedVersion, profileFingerprint } from "./profile-versions.ts";

export interface ProfileRequest {
  /** What the phone asked for: `<id>` of `/<id>.xml`. */
  id: string;
  userAgent: string;
  clientIp: string;
  /** The MAC a verified client certificate names (HTTPS with tls.client_ca): the phone asking, whatever it says. */
  provenMac?: string;
}

/** What to send: a firmware upgrade, the phone's own profile (shared cached chunks) or a bootstrap profile. */
export type ProfileAnswer = { kind: "upgrade" | "bootstrap"; body: string } | { kind: "profile"; body: Buffer[] };

/** How much of an unknown phone's requested `<id>` is kept. */
const REQUESTED_LIMIT = 80;

/** The answer for a phone that passed the allowlist; NotFound when there is nothing to serve it. */
export function answerProfileRequest(app: App, r: ProfileRequest): ProfileAnswer {
  // An account's change empties what was remembered of phones' lines before it is replayed.
  const config = currentConfig(app);
  const replayed = replayAnswer(app, config, r);
  if (replayed) return replayed;
  const claimed = parseUserAgent(r.userAgent);
  // A proven MAC counts as the MAC the User-Agent names: "a phone reads only its own profile" is one rule for both.
  const ua = r.provenMac === undefined ? claimed : { ...claimed, mac: r.provenMac };
  const mac = namedMac(config, r.id, ua);
  const found = identifyPhone(config, r.id, ua, r.clientIp);
  const { discovery } = config.service;
  // Refused requests count without labels of their own, so whoever sends them cannot fill the label budget.
  const refused = (problem: Error) => {
    countConfigRequest(app.metrics, undefined, r.clientIp);
    return problem;
  };
  // Discovery mode collects factory defaults: phones get no configuration unless explicitly excluded.
  if (discovery.enabled && !(mac !== undefined && discovery.exclude_macs.has(mac))) {
    throw refused(new NotFound("Discovery mode is on: no configuration is served"));
  }
  if (claimed.mac !== undefined && claimed.mac !== ua.mac) {
    log.warn(`phone ${formatMac(ua.mac!)} at ${r.clientIp} (proven by its certificate) sent the User-Agent of ${formatMac(claimed.mac)}: refused`);
    throw refused(new Forbidden(`The certificate names ${formatMac(ua.mac!)}, the User-Agent ${formatMac(claimed.mac)}: one of them is not this phone.`));
  }
  const foreign = foreignProfile(config, r.id, ua);
  if (foreign) {
    log.warn(`phone ${formatMac(ua.mac!)} at ${r.clientIp} asked for /${oneLine(r.id, 80)}.xml, the profile of ${foreign}: refused (a phone reads only its own)`);
    throw refused(new Forbidden(`This phone (${formatMac(ua.mac!)}) may read only its own profile, not /${oneLine(r.id, 80)}.xml.`));
  }
  const upgrade = firmwareUpgrade(config.firmware, ua);
  if (!upgrade && found && r.provenMac === undefined && config.switchboard.tls.profiles_only_to_proven_phones) {
    log.warn(`phone profile /${oneLine(r.id, 80)}.xml asked for from ${r.clientIp} without a certificate: refused (tls.profiles_only_to_proven_phones)`);
    throw refused(new Forbidden("This server serves phone profiles only over HTTPS, to the phone that presents its manufacturer certificate."));
  }
  countConfigRequest(app.metrics, found?.phone.mac, r.clientIp, upgrade);
  // A phone found by the client's address named no MAC (that is when the address counts), so it files nothing.
  // `profile`: the version of the phone's profile it got (drift tells "not fetched yet" from "differs" by it).
  const seen = (answer: UnknownPhoneAnswer | "profile", profile?: string) => {
    if (!mac) return;
    const sighting = { mac, ip: r.clientIp, userAgent: r.userAgent, model: ua.model, firmware: ua.firmware, at: new Date().toISOString() };
    if (answer === "profile" || phoneByMac(config, mac)) app.sightings.record({ ...sighting, profile });
    else app.sightings.recordUnknown({ ...sighting, requested: oneLine(r.id, REQUESTED_LIMIT), answer });
  };

  if (upgrade) {
    log.info(`firmware upgrade ${oneLine(upgrade.model, 40)} ${mac ?? "?"}: ${oneLine(upgrade.current, 40)} → ${upgrade.expected}`);
    seen("firmware upgrade");
    return { kind: "upgrade", body: renderUpgrade(config.firmware, upgrade, config.schema.xmlPath) };
  }
  if (found) {
    // A pinned phone gets its pinned version (core/mpp/profile-history.ts) instead of the configured profile.
    const pinned = app.pins.served(found.phone.mac);
    // The model this request's User-Agent names (a TFTP request names none: the last one seen).
    const own = ownParams(config, app.db, found.phone, ua.model ?? (mac && app.sightings.lastModel(mac)));
    const configured = profileFingerprint(config, app.db, found.phone, own);
    if (!pinned && configured && followServedVersion(config, app.db, found.phone.mac!, configured)) app.profileVersions.recordSoon();
    const profile = pinned?.fingerprint ?? configured;
    seen("profile", profile);
    const answer = { kind: "profile", body: pinned?.body ?? cachedProfile(config, own) } as const;
    // The same question gets the same answer until the config changes: replayed from here on (answer-memo.ts).
    // The MAC string of phones.yml where it is the same MAC: not one more copy per phone kept in memory.
    const sighting = mac ? { mac: mac === found.phone.mac ? found.phone.mac : mac, ip: r.clientIp, userAgent: r.userAgent, model: ua.model, firmware: ua.firmware, profile } : undefined;
    rememberAnswer(config, r, { answer, series: configRequestSeries(app.metrics, found.phone.mac, r.clientIp), seen: sighting });
    return answer;
  }
  const model = bootstrapModel(r.id);
  if (model) {
    log.info(`bootstrap profile for a ${model} at ${r.clientIp} UA "${oneLine(r.userAgent)}" (add its MAC to phones.yml)`);
    seen("bootstrap");
    return { kind: "bootstrap", body: renderBootstrap(config) };
  }
  log.warn(`unknown phone asked for /${oneLine(r.id)}.xml from ${r.clientIp} UA "${oneLine(r.userAgent)}" — add it to phones.yml`);
  seen("not found");
  throw new NotFound("Phone not found");
}
