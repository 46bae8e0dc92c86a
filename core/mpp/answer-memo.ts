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

/** The question as a key: everything the decision reads besides the config (the MAC a certificate proves too). */
const keyOf = (r: ProfileRequest) => `${r.id}\n${r.userAgent}\n${r.clientIp}\n${r.provenMac ?? ""}`;

// Bounded: requests that vary (a phone's new address or firmware) stop being remembered past this, and a config
// reload starts afresh. Only profile answers are remembered, and only for callers the allowlist let through.
const limitFor = (config: Config) => 2 * config.phones.length + 100;

/** A remembered answer, replayed (counted and sighted as a request); undefined when this question is new. */
export function replayAnswer(app: App, config: Config, r: ProfileRequest): RememberedAnswer["answer"] | undefined {
  const known = config.caches.profileAnswers.get(keyOf(r));
  if (!known) return undefined;
  countInSeries(app.metrics, known.series);
  if (known.seen) app.sightings.record(known.seen);
  return known.answer;
}

export function rememberAnswer(config: Config, r: ProfileRequest, remembered: RememberedAnswer): void {
  const answers = config.caches.profileAnswers;
  if (answers.size < limitFor(config)) answers.set(keyOf(r), remembered);
}
