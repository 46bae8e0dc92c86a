// The phone book as phones and the dialer see it: which sources a key names, what a search means, how an
// entry is named and how its number becomes dialable. Queries live in db/contact-search.ts.
import type { ContactSource } from "../../db/contact-sources.ts";
import { directoryPage, entriesByNumber, type DirectoryEntryRow, type DirectorySearchCache, type EntryCursor, type EntryFilter } from "../../db/contact-search.ts";
import type { Db } from "../../db/open.ts";
import type { FailureLimiter } from "../../lib/basic-auth.ts";
import { NotFound, TooManyAttempts } from "../../lib/errors.ts";
import { clip, codePointLength, MAX_DIRECTORY_NAME } from "../cisco/objects.ts";
import { PHONE_TEXTS, type PhoneTexts } from "../cisco/phone-texts.ts";
import { foldForSearch } from "../../lib/search-fold.ts";
import { normalizeNumber, withoutTrunkPrefix, type DialPlan } from "./normalize.ts";
import { sourcesOfKey } from "./phone-books.ts";

export const MAX_KEYS = 10;
/** Wrong phone-book keys: more than WRONG_KEYS_ALLOWED within 10 minutes block the address for this long. */
export const WRONG_KEYS_ALLOWED = 20;
export const KEY_BLOCK_SECONDS = 600;

/** Where a key-authenticated request comes from, and the wrong keys counted per address (App.keyFailures). */
export interface KeyCaller {
  failures: FailureLimiter;
  clientIp: string;
}

/** A caller whose address gave too many wrong keys is refused before any key is looked up (TooManyAttempts). */
export function refuseBlockedKeyGuesser(caller: KeyCaller): void {
  if (caller.failures.isBlocked(caller.clientIp)) {
    throw new TooManyAttempts(`Too many wrong phone book keys from your address; try again in ${KEY_BLOCK_SECONDS / 60} minutes.`, KEY_BLOCK_SECONDS);
  }
}

/**
 * The sources named by "K1,K2" (source or phone-book keys), each once. Unknown keys are an error (a typo in the
 * phone's directoryURL should not silently show a smaller book); a source that needs reconnecting still serves
 * its cached contacts. The errors are NotFound, worded for the person at the phone in `texts`' language and
 * titled with its word for the phone book. When the key is the request's credential (`caller`), unknown keys count
 * against its address, and a blocked address is refused before any key is looked up — a right key would otherwise
 * tell a guesser it had found one.
 */
export function sourcesForKeys(db: Db, keys: string | null | undefined, defaults: string[] = [], texts: PhoneTexts = PHONE_TEXTS.en, caller?: KeyCaller): ContactSource[] {
  if (caller) refuseBlockedKeyGuesser(caller);
  const problem = (message: string) => new NotFound(message, { title: texts.phoneBook });
  const list = (keys ?? "").split(",").map((k) => k.trim()).filter(Boolean);
  const wanted = list.length ? list : defaults;
  if (wanted.length === 0) throw problem(texts.noKey);
  if (wanted.length > MAX_KEYS) throw problem(texts.tooManyKeys(MAX_KEYS));
  const sources = new Map<number, ContactSource>();
  for (const key of new Set(wanted)) {
    const named = sourcesOfKey(db, key);
    if (!named) {
      caller?.failures.recordFailure(caller.clientIp);
      throw problem(texts.unknownKey(clip(key, 24)));
    }
    for (const s of named) sources.set(s.id, s);
  }
  if (sources.size === 0) throw problem(texts.noSources);
  const stale = [...sources.values()].filter((s) => s.status === "needs_reconnect" && s.contact_count === 0);
  if (stale.length === sources.size) throw problem(texts.mustReconnect(stale[0].label || stale[0].key));
  return [...sources.values()];
}

/**
 * What a search text means: letters → every word is a name prefix (case- and accent-insensitive); only digits
 * and phone punctuation → a digit substring of the number, as typed or normalized ("030 1234" finds +49301234).
 * Undefined when there is nothing to search for.
 */
export function searchFilter(text: string, plan: DialPlan): EntryFilter | undefined {
  const trimmed = text.trim().slice(0, 100);
  if (!trimmed) return undefined;
  if (/^[\d\s+()/.-]+$/.test(trimmed)) {
    const digits = trimmed.replace(/\D/g, "");
    const alternatives = [...new Set([digits, normalizeNumber(trimmed, plan)])].filter((d) => d.length >= 3);
    return alternatives.length ? { kind: "digits", alternatives } : undefined;
  }
  const words = necessaryWords(foldForSearch(trimmed).split(" ").filter(Boolean).slice(0, 8));
  return words.length ? { kind: "name", words } : undefined;
}

/**
 * The searched words without those another one implies: a name with a word that starts with "kar" has one that
 * starts with "ka", so "kar ka" finds what "kar" finds. Searched as typed, every Karl matched both words and the
 * search sorted all of them (~6 ms over 100,000 contacts); as the one word it walks their stretch of the index.
 */
function necessaryWords(words: string[]): string[] {
  const distinct = [...new Set(words)];
  return distinct.filter((w) => !distinct.some((other) => other !== w && other.startsWith(w)));
}

export function contactName(e: Pick<DirectoryEntryRow, "display_name" | "given_name" | "family_name" | "company">): string {
  return e.display_name.trim() || `${e.given_name} ${e.family_name}`.trim() || e.company.trim();
}

/** "Name (Mobile)" in at most 32 characters: the name is shortened, the label kept, no character cut. */
export function entryName(e: DirectoryEntryRow, max = MAX_DIRECTORY_NAME): string {
  const name = contactName(e).replace(/\s+/g, " ") || e.number;
  const label = e.label.trim() ? ` (${clip(e.label.trim(), 12)})` : "";
  const room = max - codePointLength(label);
  const shown = codePointLength(name) <= room ? name : clip(name, room - 1).trimEnd() + "…";
  return clip(shown + label, max);
}

/**
 * A number the phone can dial (directory.dial): no bracketed trunk prefix after the country code; keep + and digits; own country → national prefix; other
 * countries → international prefix; numbers that leave the office get the outside-line prefix.
 * Short internal extensions stay as they are.
 */
export function dialableNumber(number: string, plan: DialPlan): string {
  const kept = withoutTrunkPrefix(number, plan).replace(/[^\d+]/g, "").replace(/(?!^)\+/g, "");
  if (!kept) return "";
  let national: string;
  if (kept.startsWith("+")) {
    const digits = kept.slice(1);
    national = plan.country_code && digits.startsWith(plan.country_code)
      ? plan.national_prefix + digits.slice(plan.country_code.length)
      : plan.international_prefix + digits;
  } else if (plan.international_prefix && plan.country_code && kept.startsWith(plan.international_prefix + plan.country_code)) {
    national = plan.national_prefix + kept.slice(plan.international_prefix.length + plan.country_code.length);
  } else {
    national = kept;
  }
  const external = kept.startsWith("+") || (plan.national_prefix !== "" && national.startsWith(plan.national_prefix));
  return external ? plan.outside_line + national : national;
}

/** Cursors travel in page links as "sortName\u001fcontactId\u001fposition", base64url. */
export function encodeCursor(e: Pick<DirectoryEntryRow, "sort_name" | "contact_id" | "position">): string {
  return Buffer.from(`${e.sort_name}\u001f${e.contact_id}\u001f${e.position}`, "utf8").toString("base64url");
}

export function decodeCursor(raw: string | null): EntryCursor | undefined {
  if (!raw || raw.length > 2000) return undefined;
  const [sortName, contactId, position, extra] = Buffer.from(raw, "base64url").toString("utf8").split("\u001f");
  if (extra !== undefined || !/^\d+$/.test(contactId ?? "") || !/^\d+$/.test(position ?? "")) return undefined;
  return { sortName, contactId: Number(contactId), position: Number(position) };
}

export interface EntryPage {
  entries: DirectoryEntryRow[];
  /** 1-based number of the first entry on this page. */
  start: number;
  total: number;
  capped: boolean;
  prev?: { before: string; start: number };
  next?: { after: string; start: number };
}

/** A page of `limit` entries and the links around it. `start` is carried in links only to number the page. */
export function entryPage(db: Db, cache: DirectorySearchCache, sources: ContactSource[], filter: EntryFilter, o: { after?: EntryCursor; before?: EntryCursor; start?: number; limit: number }): EntryPage {
  const ids = sources.map((s) => s.id);
  const res = directoryPage(db, cache, { sourceIds: ids, filter, after: o.after, before: o.before, limit: o.limit });
  const atStart = !o.after && !o.before;
  let start = atStart ? 1 : Math.max(1, o.start ?? 1);
  if (o.before && !res.more) start = 1; // walked back to the beginning
  const { entries } = res;
  const first = entries[0];
  const last = entries.at(-1);
  const hasPrev = o.before ? res.more : !atStart && entries.length > 0;
  const hasNext = o.before ? entries.length > 0 : res.more;
  return {
    entries,
    start,
    total: Math.max(res.total, start - 1 + entries.length),
    capped: res.capped,
    prev: hasPrev && first ? { before: encodeCursor(first), start: Math.max(1, start - o.limit) } : undefined,
    next: hasNext && last ? { after: encodeCursor(last), start: start + entries.length } : undefined,
  };
}

/** Entries for a caller's number (reverse lookup), matched after normalisation. */
export function lookupCaller(db: Db, sources: ContactSource[], number: string, plan: DialPlan, limit: number): DirectoryEntryRow[] {
  const normalized = normalizeNumber(number, plan);
  if (!normalized) return [];
  return entriesByNumber(db, sources.map((s) => s.id), normalized, limit);
}
