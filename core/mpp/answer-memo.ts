// A phone asks for its profile the same way every time (same path, User-Agent and address), and within one config
// generation the same question has the same answer. So a profile answer is decided once per generation, together
// with its sighting and its metric series; a repeated request replays them: a map lookup, a counter increment
// and a sighting update, instead of parsing the User-Agent, identifying the phone and building labels again.
import type { Config } from "../config/store.ts";
import type { App } from "../app.ts";
import type { ProfileRequest } from "./provision.ts";
import type { SeenPhone } from "./sightings.ts";
import type { CounterSeries } from "../../lib/prometheus.ts";
import { countInSeries } from "./metrics.ts";

export interface RememberedAnswer {
  answer: { kind: "profile"; body: Buffer[] };
  /** The metric series it counts in (shared with every other answer of the same labels). */
  series: CounterSeries;
  /** The sighting recorded per request; undefined when the phone has no MAC to record it under. */
  seen?: SeenPhone;
}

// Bounded: requests that vary (a phone's new address or firmware) stop being remembered past this, and a config
// reload starts afresh. Only profile answers are remembered, and only for callers the allowlist let through.
const limitFor = (config: Config) => 2 * config.phones.length + 100;

interface Asked {
  userAgent: string;
  clientIp: string;
  provenMac?: string;
  remembered: RememberedAnswer;
}

/**
 * Remembered answers by the `<id>` asked for, the rest of the question (User-Agent, address, the MAC a certificate
 * proves: everything the decision reads besides the config) compared in place. Not one joined key per request:
 * hashing a freshly joined ~60-character string cost more than the rest of a replay.
 */
export class ProfileAnswerMemo {
  private readonly byId = new Map<string, Asked[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  find(r: ProfileRequest): RememberedAnswer | undefined {
    const asked = this.byId.get(r.id);
    if (!asked) return undefined;
    for (const a of asked) if (a.userAgent === r.userAgent && a.clientIp === r.clientIp && a.provenMac === r.provenMac) return a.remembered;
    return undefined;
  }

  add(r: ProfileRequest, remembered: RememberedAnswer, limit: number): void {
    if (this.count >= limit || this.find(r)) return;
    const asked = { userAgent: r.userAgent, clientIp: r.clientIp, provenMac: r.provenMac, remembered };
    const list = this.byId.get(r.id);
    if (list) list.push(asked);
    else this.byId.set(r.id, [asked]);
    this.count++;
  }

  clear(): void {
    this.byId.clear();
    this.count = 0;
  }
}

/** A remembered answer, replayed (counted and sighted as a request); undefined when this question is new. */
export function replayAnswer(app: App, config: Config, r: ProfileRequest): RememberedAnswer["answer"] | undefined {
  const known = config.caches.profileAnswers.find(r);
  if (!known) return undefined;
  countInSeries(app.metrics, known.series);
  if (known.seen) app.sightings.record(known.seen);
  return known.answer;
}

export function rememberAnswer(config: Config, r: ProfileRequest, remembered: RememberedAnswer): void {
  config.caches.profileAnswers.add(r, remembered, limitFor(config));
}
