// switchboard.yml `push:` — handing account creation tokens to apps by push notification through Flexisip's
// flexisip_pusher program, with FlexiAPI's settings (app.flexisip_pusher_path, its Firebase keys, and
// app.account_creation_token_retry_minutes).
import type { ConfigProblem } from "../../lib/yaml.ts";

export interface PushSettings {
  /** The flexisip_pusher program (an absolute path); null: send-by-push answers 503. */
  pusher: string | null;
  /** `--key` of every push that is not APNs (FlexiAPI 1.3's flexisip_pusher_firebase_key). A secret. */
  firebase_key: string | null;
  /** pn_param → `--key` (FlexiAPI 1.5's flexisip_pusher_firebase_keysmap); wins over firebase_key. Secrets. */
  firebase_keys: Record<string, string>;
  /** A device that used a token sent by push gets no new one for this long (429). */
  retry_minutes: number;
  /** The pusher is killed after this long, and the token counts as not sent. */
  timeout_seconds: number;
}

export const defaultPushSettings = (): PushSettings => ({ pusher: null, firebase_key: null, firebase_keys: {}, retry_minutes: 60, timeout_seconds: 10 });

/** Checks (and normalises) the merged `push:` section; problems are pushed for the config error list. */
export function validatePushSettings(p: PushSettings, file: string, problems: ConfigProblem[]): void {
  const problem = (message: string) => problems.push({ file, message: `push.${message}` });
  if (p.pusher !== null && (typeof p.pusher !== "string" || !p.pusher.startsWith("/"))) problem("pusher must be the absolute path of flexisip_pusher, or null");
  if (p.firebase_key !== null && typeof p.firebase_key !== "string") problem("firebase_key must be a text, or null");
  // FlexiAPI writes the map as one text, "param:key param2:key2"; both forms are taken.
  const keys = p.firebase_keys as unknown;
  if (typeof keys === "string") p.firebase_keys = parseKeysmap(keys);
  else if (keys === null) p.firebase_keys = {};
  else if (typeof keys !== "object" || Array.isArray(keys) || !Object.values(keys as object).every((v) => typeof v === "string")) {
    problem('firebase_keys must be a map of pn_param to key (or FlexiAPI\'s "param:key param2:key2")');
  }
  if (!(Number(p.retry_minutes) >= 0)) problem("retry_minutes must be a number of minutes ≥ 0");
  if (!(Number(p.timeout_seconds) > 0)) problem("timeout_seconds must be a number of seconds > 0");
  p.retry_minutes = Number(p.retry_minutes);
  p.timeout_seconds = Number(p.timeout_seconds);
}

/** FlexiAPI's keysmap: space-separated `param:key` pairs, split at the first ":" (old keys contain ":" too). */
function parseKeysmap(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of text.split(" ")) {
    const colon = pair.indexOf(":");
    if (colon >= 0) map[pair.slice(0, colon)] = pair.slice(colon + 1);
  }
  return map;
}
