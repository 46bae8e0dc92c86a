// Is a phone fine? A phone fetches its profile every Resync_Periodic seconds (Cisco's default: 3600), or once a
// day at Resync_At, so the time since its last contact says whether it is online, late (missed a resync or two)
// or offline. The interval is the phone's effective value: its own parameter over common.yml's, else the default.
import type { ParamMap, PhoneEntry } from "../config/mpp-files.ts";

export type ContactState = "online" | "late" | "offline" | "never" | "unknown";

export interface ResyncSchedule {
  /** Seconds between two resyncs, with the random extra delay the phone may add; 0 = no periodic resync. */
  seconds: number;
  /** Where the interval comes from. */
  source: "Resync_Periodic" | "Resync_At" | "default";
}

/** Cisco's factory value of Resync_Periodic (MPP and SPA administration guides: "Default: 3600"). */
export const DEFAULT_RESYNC_SECONDS = 3600;
/** Cisco's factory value of Resync_At_Random_Delay, added to a daily Resync_At. */
const DEFAULT_RESYNC_AT_DELAY = 600;
const DAY = 86_400;

/**
 * Resync_Periodic as the phone reads it: seconds, optionally with `+<random extra>`, or a comma-separated list
 * whose last element repeats forever (MPP extended syntax, e.g. `1800,3600+600`). undefined when unreadable.
 */
export function parseResyncPeriodic(value: string): number | undefined {
  const last = value.split(",").at(-1)!.trim();
  const m = /^(\d{1,9})(?:\s*\+\s*(\d{1,9}))?$/.exec(last);
  return m ? Number(m[1]) + Number(m[2] ?? 0) : undefined;
}

/** The phone's resync schedule from its rendered parameters: the phone's own over common.yml's. */
export function resyncSchedule(common: ParamMap, phone: PhoneEntry): ResyncSchedule {
  const effective = (name: string) => (phone.params.get(name) ?? common.get(name))?.value.trim();
  // A valid Resync_At (HHmm) makes the phone ignore Resync_Periodic and resync once a day.
  const at = effective("Resync_At");
  if (at && /^([01]\d|2[0-4])[0-5]\d$/.test(at)) {
    const delay = Number(effective("Resync_At_Random_Delay") ?? DEFAULT_RESYNC_AT_DELAY);
    return { seconds: DAY + (Number.isFinite(delay) ? delay : DEFAULT_RESYNC_AT_DELAY), source: "Resync_At" };
  }
  const periodic = effective("Resync_Periodic");
  const seconds = periodic === undefined ? undefined : parseResyncPeriodic(periodic);
  return seconds === undefined ? { seconds: DEFAULT_RESYNC_SECONDS, source: "default" } : { seconds, source: "Resync_Periodic" };
}

/**
 * Online while the last contact is within one resync (plus 10 %, at least a minute, for a slow network or a busy
 * phone: a phone in a call postpones its resync), late within three, offline after. Without periodic resyncs
 * the time since the last contact says nothing: unknown.
 */
export function contactState(lastContactIso: string | null, schedule: ResyncSchedule, now: number = Date.now()): ContactState {
  if (!lastContactIso) return "never";
  if (schedule.seconds <= 0) return "unknown";
  const age = (now - Date.parse(lastContactIso)) / 1000;
  const slack = Math.max(60, schedule.seconds * 0.1);
  if (age <= schedule.seconds + slack) return "online";
  if (age <= 3 * schedule.seconds + slack) return "late";
  return "offline";
}

/** The later of two ISO times (either may be missing). */
export const latest = (a: string | null, b: string | null): string | null => (!a ? b : !b ? a : a > b ? a : b);
