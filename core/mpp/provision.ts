// What a phone asking for /<id>.xml gets (DESIGN §5.1), decided once for every transport that serves profiles.
// The order: discovery mode → (the IP allowlist: the `phone` guard, before this) → another phone's profile
// refused → firmware → the phone's own profile → a bootstrap profile for a factory-reset phone → not found.
// Sightings, metrics and logs happen here too, so each transport only turns the answer into its own reply.
import { Forbidden, NotFound } from "../../lib/errors.ts";
import { log, oneLine } from "../../lib/log.ts";
import type { App } from "../app.ts";
import { rememberAnswer, replayAnswer } from "./answer-memo.ts";
import { firmwareUpgrade, renderUpgrade } from "./firmware.ts";
import { bootstrapModel, foreignProfile, identifyPhone, parseUserAgent, phoneByIdentifier } from "./identify.ts";
import { formatMac, normalizeMac } from "./mac.ts";
import { configRequestSeries, countConfigRequest } from "./metrics.ts";
import { cachedProfile, renderBootstrap } from "./profile.ts";

export interface ProfileRequest {
  /** What the phone asked for: `<id>` of `/<id>.xml`. */
  id: string;
  userAgent: string;
  clientIp: string;
}

/** What to send: a firmware upgrade, the phone's own profile (shared cached chunks) or a bootstrap profile. */
export type ProfileAnswer = { kind: "upgrade" | "bootstrap"; body: string } | { kind: "profile"; body: Buffer[] };

/** The answer for a phone that passed the allowlist; NotFound when there is nothing to serve it. */
export function answerProfileRequest(app: App, r: ProfileRequest): ProfileAnswer {
  const config = app.store.config;
  const replayed = replayAnswer(app, config, r.id, r.userAgent, r.clientIp);
  if (replayed) return replayed;
  const ua = parseUserAgent(r.userAgent);
  const mac = normalizeMac(r.id) ?? phoneByIdentifier(config, r.id)?.mac ?? ua.mac;
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
  const foreign = foreignProfile(config, r.id, ua);
  if (foreign) {
    log.warn(`phone ${formatMac(ua.mac!)} at ${r.clientIp} asked for /${oneLine(r.id, 80)}.xml, the profile of ${foreign}: refused (a phone reads only its own)`);
    throw refused(new Forbidden(`This phone (${formatMac(ua.mac!)}) may read only its own profile, not /${oneLine(r.id, 80)}.xml.`));
  }
  const upgrade = firmwareUpgrade(config.firmware, ua);
  countConfigRequest(app.metrics, found?.phone.mac, r.clientIp, upgrade);
  const sighting = (phoneMac: string | undefined) =>
    phoneMac ? { mac: phoneMac, ip: r.clientIp, userAgent: r.userAgent, model: ua.model, firmware: ua.firmware } : undefined;
  const seen = (phoneMac: string | undefined) => {
    const s = sighting(phoneMac);
    if (s) app.sightings.record(s);
  };

  if (upgrade) {
    log.info(`firmware upgrade ${oneLine(upgrade.model, 40)} ${mac ?? "?"}: ${oneLine(upgrade.current, 40)} → ${upgrade.expected}`);
    seen(mac);
    return { kind: "upgrade", body: renderUpgrade(config.firmware, upgrade, config.schema.xmlPath) };
  }
  if (found) {
    seen(found.phone.mac ?? mac);
    const answer = { kind: "profile", body: cachedProfile(config, found.phone) } as const;
    // The same question gets the same answer until the config changes: replayed from here on (answer-memo.ts).
    rememberAnswer(config, r.id, r.userAgent, r.clientIp, { answer, count: configRequestSeries(app.metrics, found.phone.mac, r.clientIp), seen: sighting(found.phone.mac ?? mac) });
    return answer;
  }
  const model = bootstrapModel(r.id);
  if (model) {
    log.info(`bootstrap profile for a ${model} at ${r.clientIp} UA "${oneLine(r.userAgent)}" (add its MAC to phones.yml)`);
    return { kind: "bootstrap", body: renderBootstrap(config) };
  }
  log.warn(`unknown phone asked for /${oneLine(r.id)}.xml from ${r.clientIp} UA "${oneLine(r.userAgent)}" — add it to phones.yml`);
  throw new NotFound("Phone not found");
}
