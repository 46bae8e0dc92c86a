// How a directory search is answered (db/contact-search.ts runs the pages): the strategy a search's matches call
// for, chosen by probing the search indexes of migration 005, and the plans remembered between a search's pages.
import { WorkerPool } from "../lib/worker-pool.ts";
import type { EntryFilter } from "./contact-search.ts";
import { orderBuffers, SOURCE_STAMP_SQL, type DirectoryOrder, type OrderRequest } from "./directory-order.ts";
import { statements, type Db } from "./open.ts";

const q = statements((db) => ({
  countAll: db.prepare("SELECT count(*) FROM directory_entries WHERE source_id = ?").pluck(),
  sourceCount: db.prepare("SELECT count(*) FROM contact_sources").pluck(),
  sourceStamp: db.prepare(SOURCE_STAMP_SQL).pluck(),
  bigSources: db.prepare("SELECT id FROM contact_sources WHERE contact_count >= ?").pluck(),
  contactCount: db.prepare("SELECT contact_count FROM contact_sources WHERE id = ?").pluck(),
  nameMatches: db.prepare("SELECT rowid FROM contact_name_search WHERE contact_name_search MATCH ? LIMIT ?").pluck(),
  digitMatches: db.prepare("SELECT rowid FROM contact_number_search WHERE contact_number_search MATCH ? LIMIT ?").pluck(),
}));

const quote = (w: string): string => `"${w.replace(/"/g, '""')}"`;

function matchParam(filter: EntryFilter): string | undefined {
  if (filter.kind === "name") return filter.words.map((w) => `${quote(w)}*`).join(" AND ");
  if (filter.kind === "digits") return filter.alternatives.map((d) => `"${d}"`).join(" OR ");
  return undefined;
}

/**
 * How a search is answered fast over 100,000 contacts: a search matching at most DRIVE_LIMIT contacts (or
 * numbers) starts from those matches and sorts them; one matching more walks the name-ordered index and
 * filters, which fills a page quickly because such matches are dense. Only the first kind is counted exactly
 * (and a split that stands in for it: SPLIT_FROM).
 */
export const DRIVE_LIMIT = 2500;

export interface SearchPlan {
  stamp: string;
  strategy: Strategy;
  /** Entries per source for a driven search, counted once. */
  totals: Map<number, number>;
}

const MAX_PLANS = 500;

/** Sources of at least this many contacts have their directory order kept in memory; smaller ones are quick without. */
export const ORDER_FROM = 5_000;

/**
 * What directory searches remember between requests. A phone pages through a search with Next/Prev: for a
 * search the index answers, the strategy probes and the count are done once per search and kept until a sync
 * writes to one of its sources (which gives it a new revision, migration 022). Counting a whole book walks its
 * index, so its size is kept the same way. The directory order of each big source (db/directory-order.ts), with
 * the words of its names, is read in a worker at start and whenever a search finds it stale; until it is in,
 * searches use the index alone. A name search over sources whose words are in memory needs nothing kept.
 */
export class DirectorySearchCache {
  private readonly plans = new Map<string, SearchPlan>();
  private readonly sizes = new Map<number, { stamp: string; count: number }>();
  private readonly orders = new Map<number, DirectoryOrder>();
  private readonly reading = new Map<number, Promise<void>>();
  /** The stamp at which a source's order could not be read (ids beyond 32 bits, say): not tried again until it changes. */
  private readonly unreadable = new Map<number, string>();
  private pool?: WorkerPool<OrderRequest, DirectoryOrder>;
  private closed = false;
  /** Pages answered from an order in memory. */
  orderedPages = 0;

  constructor(private readonly orderFrom = ORDER_FROM) {}

  /** Starts reading the order of every big source (at start-up, so the first searches find them in). */
  readOrders(db: Db): void {
    for (const id of q(db).bigSources.all(this.orderFrom) as number[]) this.order(db, id);
  }

  /** The source's order when it is current; otherwise undefined, and for a big source a read of it starts. */
  order(db: Db, sourceId: number): DirectoryOrder | undefined {
    const stamp = this.stampOf(db, sourceId);
    const held = this.orders.get(sourceId);
    if (held?.stamp === stamp) return held;
    // A stale order never answers again (a book that shrank below orderFrom would otherwise keep it).
    if (held) this.orders.delete(sourceId);
    const big = ((q(db).contactCount.get(sourceId) as number | undefined) ?? 0) >= this.orderFrom;
    // An in-memory database (tests) has no file a worker could open.
    if (big && !db.memory && !this.closed && !this.reading.has(sourceId) && this.unreadable.get(sourceId) !== stamp) this.read(db, sourceId, stamp);
    return undefined;
  }

  private stampOf(db: Db, sourceId: number): string {
    return String(q(db).sourceStamp.get(sourceId));
  }

  private read(db: Db, sourceId: number, stamp: string): void {
    // Orders that can never answer again (their source has changed or is gone) are let go first.
    for (const [id, held] of this.orders) if (held.stamp !== this.stampOf(db, id)) this.orders.delete(id);
    this.pool ??= new WorkerPool<OrderRequest, DirectoryOrder>(new URL("./directory-order-worker.ts", import.meta.url), 1);
    const pool = this.pool;
    const done = pool.run({ path: db.name, sourceId }).then(
      (order) => void (this.closed || this.orders.set(sourceId, order)),
      () => void this.unreadable.set(sourceId, stamp),
    );
    this.reading.set(sourceId, done.finally(() => {
      this.reading.delete(sourceId);
      // An idle worker would keep its own heap for nothing: the next read (after a sync) starts another.
      if (this.reading.size === 0 && this.pool === pool) {
        this.pool = undefined;
        void pool.close();
      }
    }));
  }

  /** The orders held (with their words) and the memory they take (/metrics). */
  ordersHeld(): { count: number; bytes: number } {
    let bytes = 0;
    // The words are one string: two bytes a character at most.
    for (const o of this.orders.values()) bytes += orderBuffers(o).reduce((n, b) => n + b.byteLength, 2 * o.words.words.length);
    return { count: this.orders.size, bytes };
  }

  /** Resolves once the orders being read are in (or failed). */
  async settled(): Promise<void> {
    await Promise.all(this.reading.values());
  }

  async close(): Promise<void> {
    this.closed = true;
    this.orders.clear();
    await this.pool?.close();
  }

  plan(db: Db, filter: EntryFilter, sourceIds: number[]): SearchPlan {
    if (filter.kind === "name") {
      // Every source's words in memory answer a name search at once: nothing to probe or remember. An order in
      // memory carries the stamp it holds at.
      const orders = sourceIds.map((id) => this.order(db, id));
      if (orders.every((o) => o !== undefined)) return { stamp: orders.map((o) => o.stamp).join(","), strategy: { kind: "words", words: filter.words }, totals: new Map() };
    }
    const stamp = sourceIds.map((id) => this.stampOf(db, id)).join(",");
    if (filter.kind === "all") return { stamp, strategy: { kind: "scan" }, totals: new Map() };
    const key = `${filter.kind}\u0000${matchParam(filter)}\u0000${sourceIds.join(",")}`;
    const hit = this.plans.get(key);
    if (hit && hit.stamp === stamp) return hit;
    if (this.plans.size >= MAX_PLANS) this.plans.clear();
    const plan: SearchPlan = { stamp, strategy: chooseStrategy(db, filter), totals: new Map() };
    this.plans.set(key, plan);
    return plan;
  }

  /** True when `sourceIds` are all the sources there are: every number then has its entry among them. */
  coversEverySource(db: Db, sourceIds: number[]): boolean {
    return q(db).sourceCount.get() === new Set(sourceIds).size;
  }

  bookSize(db: Db, sourceId: number): number {
    const stamp = this.stampOf(db, sourceId);
    const hit = this.sizes.get(sourceId);
    if (hit && hit.stamp === stamp) return hit.count;
    const count = q(db).countAll.get(sourceId) as number;
    this.sizes.set(sourceId, { stamp, count });
    return count;
  }
}

/** Sort names that start with a word lie in [word, stretchEnd(word)). */
export const stretchEnd = (word: string): string => `${word}\u{10FFFF}`;

/**
 * A probe's matches (contact ids for names, number ids for digits). A plan is kept for the search's further pages,
 * so it outlives the young generation's collections: held as a JS array, and with its JSON beside it, every new
 * search's ~40 KB was copied by the next scavenge and promoted (at 100,000 contacts, a fifth of each scavenge
 * survived and single ones took 5–10 ms). Held off the JS heap instead; the JSON for the driven SQL queries (an
 * order not in memory) is made when first asked for.
 */
export class MatchedIds {
  readonly ids: Float64Array;
  private json?: string;

  constructor(ids: readonly number[]) {
    this.ids = Float64Array.from(ids);
  }

  get length(): number {
    return this.ids.length;
  }

  /** As a JSON array, for json_each() in the driven queries. */
  asJson(): string {
    return (this.json ??= `[${this.ids.join(",")}]`);
  }
}

/**
 * `matches`, `rest`: the probe's matches. A `counted` split is one of at most DRIVE_LIMIT matches, so its total is
 * exact like a driven one's. `words`: a name search answered from the words in memory of every source, counted.
 */
export type Strategy =
  | { kind: "scan" }
  | { kind: "driven"; filter: "name" | "digits"; matches: MatchedIds }
  | { kind: "split"; rest: MatchedIds; words: string[]; counted: boolean }
  | { kind: "words"; words: string[] };

/**
 * A one-word search with more matches than this is split when most of its matches start with the word (a given
 * name): sorting 2,000 contacts' entries and counting them again cost ~3 ms, the stretch of the index where the
 * names start with the word costs a page and a range count. Below it, driving from the matches is cheap.
 */
export const SPLIT_FROM = 200;

/**
 * How the index answers a search while some source's words are not in memory. Few matches → start from them
 * (driven), unless one word has many of which most start with it (a counted split, SPLIT_FROM). More than
 * DRIVE_LIMIT name matches of which few do not start with a searched word → split: the stretches of the index
 * where names start with a searched word, plus the few others, driven. Otherwise the matches are dense throughout
 * the index, and walking it in order fills a page quickly.
 */
function chooseStrategy(db: Db, filter: EntryFilter): Strategy {
  if (filter.kind === "all") return { kind: "scan" };
  const s = q(db);
  const stmt = filter.kind === "name" ? s.nameMatches : s.digitMatches;
  const matches = stmt.all(matchParam(filter), DRIVE_LIMIT + 1) as number[];
  const few = matches.length <= DRIVE_LIMIT;
  const driven = (): Strategy => ({ kind: "driven", filter: filter.kind, matches: new MatchedIds(matches) });
  if (filter.kind !== "name") return few ? driven() : { kind: "scan" };
  if (few && (matches.length <= SPLIT_FROM || filter.words.length > 1)) return driven();
  const words = [...new Set(filter.words)];
  const rest = `(${matchParam(filter)}) NOT (${words.map((w) => `^${quote(w)}*`).join(" OR ")})`;
  // A split pays when at most half the matches are others; the probe stops as soon as it finds more.
  const others = s.nameMatches.all(rest, few ? Math.floor(matches.length / 2) + 1 : DRIVE_LIMIT + 1) as number[];
  const split = (counted: boolean): Strategy => ({ kind: "split", rest: new MatchedIds(others), words, counted });
  if (few) return others.length <= matches.length / 2 ? split(true) : driven();
  if (others.length <= DRIVE_LIMIT) return split(false);
  return { kind: "scan" };
}
