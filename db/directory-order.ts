// A big source's directory order held in memory: for each entry (a number of a contact, in the order the phone
// shows them) its number and contact. A driven search, one that starts from the up to DRIVE_LIMIT
// contacts or numbers its words match, then sorts integers instead of looking up each match's entry in the
// ordered index twice, once for the page and once for the count: over 100,000 contacts that was ~4,000 index
// seeks, 1.5-2 ms, in the slowest searches ("hof", "me"). The order is read in a worker thread (lib/worker-pool),
// in one read transaction together with the stamp of the source it shows, and used only while the source still
// has that stamp (db/directory-plans.ts).
import type { Db } from "./open.ts";

/**
 * Changes whenever a sync writes to the source (its revision, migration 022, counted up in the transaction that
 * writes its contacts); the creation time tells a new source from a deleted one whose id it took.
 */
export const SOURCE_STAMP_SQL = "SELECT created_at || '/' || revision FROM contact_sources WHERE id = ?";

export interface DirectoryOrder {
  stamp: string;
  /** Entry i (in directory order): its contact_numbers.id and contact. */
  numberIds: Int32Array;
  contactIds: Int32Array;
  /** Contact ids ascending, each with the index of its first entry (a contact's entries are adjacent). */
  contactKeys: Int32Array;
  contactStarts: Int32Array;
  /** Number ids ascending, each with its entry's index. */
  numberKeys: Int32Array;
  numberEntries: Int32Array;
}

/** What the worker is asked: a source of the database file at `path`. */
export interface OrderRequest {
  path: string;
  sourceId: number;
}

const MAX_ID = 2 ** 31 - 1;

/** One source's order (read in a worker: ~0.3 s for 100,000 contacts). Ids beyond 32 bits are refused. */
export function readDirectoryOrder(db: Db, sourceId: number): DirectoryOrder {
  return db.transaction(() => {
    const stamp = String(db.prepare(SOURCE_STAMP_SQL).pluck().get(sourceId));
    const n = db.prepare("SELECT count(*) FROM directory_entries WHERE source_id = ?").pluck().get(sourceId) as number;
    const numberIds = new Int32Array(n);
    const contactIds = new Int32Array(n);
    let i = 0;
    const rows = db.prepare("SELECT number_id, contact_id FROM directory_entries WHERE source_id = ? ORDER BY sort_name, contact_id, position").raw();
    for (const [numberId, contactId] of rows.iterate(sourceId) as Iterable<[number, number]>) {
      if (numberId > MAX_ID || contactId > MAX_ID) throw new Error("Contact or number ids beyond 32 bits: the directory order is not kept in memory");
      numberIds[i] = numberId;
      contactIds[i] = contactId;
      i++;
    }
    const starts: number[] = [];
    for (let e = 0; e < n; e++) if (e === 0 || contactIds[e] !== contactIds[e - 1]) starts.push(e);
    const [contactKeys, contactStarts] = sortedBy(Int32Array.from(starts), contactIds);
    const [numberKeys, numberEntries] = sortedBy(Int32Array.from({ length: n }, (_, e) => e), numberIds);
    return { stamp, numberIds, contactIds, contactKeys, contactStarts, numberKeys, numberEntries };
  })();
}

/** The entries `at`, ordered by their id in `ids`: the ids ascending, and the entry of each. */
function sortedBy(at: Int32Array, ids: Int32Array): [Int32Array, Int32Array] {
  at.sort((a, b) => ids[a] - ids[b]);
  return [at.map((e) => ids[e]), at];
}

/** The memory of an order, moved (not copied) from the worker to the server. */
export function orderBuffers(o: DirectoryOrder): ArrayBuffer[] {
  return [o.numberIds, o.contactIds, o.contactKeys, o.contactStarts, o.numberKeys, o.numberEntries].map((a) => a.buffer as ArrayBuffer);
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

/**
 * A page of the entries of the matched contacts ("name") or numbers ("digits") that belong to this source, in
 * directory order: the `limit` first at or after the entry index `from`, or with `before`, the `limit` last before
 * it (last first, as the SQL walks backwards). `total` counts every matched entry of the source.
 */
export function orderedPage(o: DirectoryOrder, kind: "name" | "digits", matched: ArrayLike<number>, bound: { from?: number; before?: number }, limit: number): { numberIds: number[]; total: number } {
  const picked: number[] = [];
  let total = 0;
  const take = (e: number) => {
    total++;
    if ((bound.from === undefined || e >= bound.from) && (bound.before === undefined || e < bound.before)) picked.push(e);
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
    for (let e = o.contactStarts[k]; e < o.contactIds.length && o.contactIds[e] === id; e++) take(e);
  }
  const sorted = Int32Array.from(picked).sort();
  const chosen = bound.before === undefined ? sorted.subarray(0, limit) : sorted.subarray(Math.max(0, sorted.length - limit)).reverse();
  return { numberIds: Array.from(chosen, (e) => o.numberIds[e]), total };
}
