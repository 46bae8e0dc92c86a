// A big source's directory order held in memory: for each entry (a number of a contact, in the order the phone
// shows them) its number and contact, and the words of the contacts' names (db/directory-words.ts), which answer
// name searches without the search index. A driven search, one that starts from the up to DRIVE_LIMIT
// contacts or numbers its words match, then sorts integers instead of looking up each match's entry in the
// ordered index twice, once for the page and once for the count: over 100,000 contacts that was ~4,000 index
// seeks, 1.5-2 ms, in the slowest searches ("hof", "me"). The order is read in a worker thread (lib/worker-pool),
// in one read transaction together with the stamp of the source it shows, and used only while the source still
// has that stamp (db/directory-plans.ts).
import { directoryWords, matchWords, type DirectoryWords } from "./directory-words.ts";
import type { Db } from "./open.ts";

/**
 * Changes whenever a sync writes to the source (its revision, migration 022, counted up in the transaction that
 * writes its contacts); the creation time tells a new source from a deleted one whose id it took.
 */
export const SOURCE_STAMP_SQL = "SELECT created_at || '/' || revision FROM contact_sources WHERE id = ?";

export interface DirectoryOrder {
  stamp: string;
  /** Entry i (in directory order): its contact_numbers.id. */
  numberIds: Int32Array;
  /**
   * The contacts in directory order (a contact's entries are adjacent): the one at place r has the entries from
   * placeEntries[r] up to placeEntries[r + 1].
   */
  placeEntries: Int32Array;
  /** Contact ids ascending, each with its place. */
  contactKeys: Int32Array;
  contactPlaces: Int32Array;
  /** Number ids ascending, each with its entry's index. */
  numberKeys: Int32Array;
  numberEntries: Int32Array;
  /** The words of the contacts' names (db/directory-words.ts). */
  words: DirectoryWords;
}

/** What the worker is asked: a source of the database file at `path`. */
export interface OrderRequest {
  path: string;
  sourceId: number;
}

const MAX_ID = 2 ** 31 - 1;

/** One source's order and its words (read in a worker: ~0.4 s for 100,000 contacts). Ids beyond 32 bits are refused. */
export function readDirectoryOrder(db: Db, sourceId: number): DirectoryOrder {
  return db.transaction(() => {
    const stamp = String(db.prepare(SOURCE_STAMP_SQL).pluck().get(sourceId));
    const n = db.prepare("SELECT count(*) FROM directory_entries WHERE source_id = ?").pluck().get(sourceId) as number;
    const numberIds = new Int32Array(n);
    const starts: number[] = [];
    const contacts: number[] = [];
    const names: string[] = [];
    let i = 0;
    // sort_name is the contact's folded search name (migration 005's triggers copy it), read once per contact.
    const rows = db.prepare("SELECT number_id, contact_id, sort_name FROM directory_entries WHERE source_id = ? ORDER BY sort_name, contact_id, position").raw();
    for (const [numberId, contactId, name] of rows.iterate(sourceId) as Iterable<[number, number, string]>) {
      if (numberId > MAX_ID || contactId > MAX_ID) throw new Error("Contact or number ids beyond 32 bits: the directory order is not kept in memory");
      if (contacts.at(-1) !== contactId) starts.push(i), contacts.push(contactId), names.push(name);
      numberIds[i++] = numberId;
    }
    starts.push(n);
    const contactIds = Int32Array.from(contacts);
    const [contactKeys, contactPlaces] = sortedBy(Int32Array.from(contacts, (_, r) => r), contactIds);
    const [numberKeys, numberEntries] = sortedBy(Int32Array.from({ length: n }, (_, e) => e), numberIds);
    return { stamp, numberIds, placeEntries: Int32Array.from(starts), contactKeys, contactPlaces, numberKeys, numberEntries, words: directoryWords(names) };
  })();
}

/** The entries `at`, ordered by their id in `ids`: the ids ascending, and the entry of each. */
function sortedBy(at: Int32Array, ids: Int32Array): [Int32Array, Int32Array] {
  at.sort((a, b) => ids[a] - ids[b]);
  return [at.map((e) => ids[e]), at];
}

/** The memory of an order, moved (not copied) from the worker to the server. */
export function orderBuffers(o: DirectoryOrder): ArrayBuffer[] {
  const { words } = o;
  const arrays = [o.numberIds, o.placeEntries, o.contactKeys, o.contactPlaces, o.numberKeys, o.numberEntries];
  return [...arrays, words.wordStarts, words.postings, words.postingStarts].map((a) => a.buffer as ArrayBuffer);
}

/** Index of `id` in the ascending `keys`, or -1. */
function find(keys: Int32Array, id: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] < id) lo = mid + 1;
    else if (keys[mid] > id) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** The index of the entry with this number id, or -1 when the source has none. */
export function entryIndex(o: DirectoryOrder, numberId: number): number {
  const k = find(o.numberKeys, numberId);
  return k < 0 ? -1 : o.numberEntries[k];
}

/** Where a page lies in the order: at or after entry `from`, or before entry `before` (or from the start). */
export type OrderBound = { from?: number; before?: number };

const inside = (bound: OrderBound, e: number): boolean => (bound.from === undefined || e >= bound.from) && (bound.before === undefined || e < bound.before);

/**
 * A page of the entries of the matched contacts ("name") or numbers ("digits") that belong to this source, in
 * directory order: the `limit` first at or after the entry index `from`, or with `before`, the `limit` last before
 * it (last first, as the SQL walks backwards). `total` counts every matched entry of the source.
 */
export function orderedPage(o: DirectoryOrder, kind: "name" | "digits", matched: ArrayLike<number>, bound: OrderBound, limit: number): { numberIds: number[]; total: number } {
  const picked: number[] = [];
  let total = 0;
  const take = (e: number) => {
    total++;
    if (inside(bound, e)) picked.push(e);
  };
  for (let i = 0; i < matched.length; i++) {
    const id = matched[i];
    if (kind === "digits") {
      const e = entryIndex(o, id);
      if (e >= 0) take(e);
      continue;
    }
    const k = find(o.contactKeys, id);
    if (k < 0) continue;
    const r = o.contactPlaces[k];
    for (let e = o.placeEntries[r]; e < o.placeEntries[r + 1]; e++) take(e);
  }
  return { numberIds: pageOf(o, picked, bound, limit), total };
}

/** The `limit` entries of `picked` nearest the bound, in the order orderedPage gives them, as number ids. */
function pageOf(o: DirectoryOrder, picked: number[], bound: OrderBound, limit: number): number[] {
  const sorted = Int32Array.from(picked).sort();
  const chosen = bound.before === undefined ? sorted.subarray(0, limit) : sorted.subarray(Math.max(0, sorted.length - limit)).reverse();
  return Array.from(chosen, (e) => o.numberIds[e]);
}

/**
 * orderedPage for a name search answered from the source's words: its matches need no probe of the index, and of
 * many matches only those nearest the bound are looked at. Each matched contact has at least one entry, so the
 * `limit` matched contacts nearest the bound hold the page.
 */
export function wordPage(o: DirectoryOrder, searched: readonly string[], bound: OrderBound, limit: number): { numberIds: number[]; total: number } {
  const entries = o.placeEntries;
  const places = entries.length - 1;
  const m = matchWords(o.words, places, searched, (r) => entries[r + 1] - entries[r]);
  const has = (r: number) => (bound.from === undefined || entries[r + 1] > bound.from) && (bound.before === undefined || entries[r] < bound.before);
  const near = m.listed?.filter(has) ?? nearestMatches(o, m.isMatch, bound, limit);
  const picked: number[] = [];
  for (const r of near) for (let e = entries[r]; e < entries[r + 1]; e++) if (inside(bound, e)) picked.push(e);
  return { numberIds: pageOf(o, picked, bound, limit), total: m.total };
}

/** Up to `limit` matched places, walking the order from the bound in the page's direction. */
function nearestMatches(o: DirectoryOrder, isMatch: (place: number) => boolean, bound: OrderBound, limit: number): number[] {
  const near: number[] = [];
  const places = o.placeEntries.length - 1;
  if (bound.before === undefined) {
    for (let r = placeOf(o, bound.from ?? 0); r < places && near.length < limit; r++) if (isMatch(r)) near.push(r);
  } else {
    for (let r = placeOf(o, bound.before - 1); r >= 0 && near.length < limit; r--) if (isMatch(r)) near.push(r);
  }
  return near;
}

/** The place of the contact that entry e belongs to (-1 before the first, the count of places past the last). */
function placeOf(o: DirectoryOrder, e: number): number {
  if (e < 0) return -1;
  let lo = 0;
  let hi = o.placeEntries.length - 1;
  // The last place whose first entry is at or before e.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (o.placeEntries[mid] <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
