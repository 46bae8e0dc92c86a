// How a directory search is answered (db/contact-search.ts runs the pages): the strategy a search's matches call
// for, chosen by probing the search indexes of migration 005, and the plans remembered between a search's pages.
import type { EntryFilter } from "./contact-search.ts";
import { statements, type Db } from "./open.ts";

const q = statements((db) => ({
  countAll: db.prepare("SELECT count(*) FROM directory_entries WHERE source_id = ?").pluck(),
  sourceCount: db.prepare("SELECT count(*) FROM contact_sources").pluck(),
  sourceStamp: db.prepare("SELECT updated_at || '/' || contact_count FROM contact_sources WHERE id = ?").pluck(),
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

/**
 * What directory searches remember between requests. A phone pages through a search with Next/Prev: the
 * strategy probes and the count are done once per search and kept until a sync writes to one of its sources
 * (which stamps updated_at). Counting a whole book walks its index, so its size is kept the same way.
 */
export class DirectorySearchCache {
  private readonly plans = new Map<string, SearchPlan>();
  private readonly sizes = new Map<number, { stamp: string; count: number }>();

  plan(db: Db, filter: EntryFilter, sourceIds: number[]): SearchPlan {
    const stamp = sourceIds.map((id) => String(q(db).sourceStamp.get(id))).join(",");
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
    const stamp = String(q(db).sourceStamp.get(sourceId));
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
 * `ids`, `restIds`: the probe's matches as a JSON array, for the driven queries (`matched`: how many). A `counted` split is one of at
 * most DRIVE_LIMIT matches, so its total is exact like a driven one's.
 */
export type Strategy = { kind: "scan" } | { kind: "driven"; filter: "name" | "digits"; ids: string; matched: number } | { kind: "split"; restIds: string; words: string[]; counted: boolean };

/**
 * A one-word search with more matches than this is split when most of its matches start with the word (a given
 * name): sorting 2,000 contacts' entries and counting them again cost ~3 ms, the stretch of the index where the
 * names start with the word costs a page and a range count. Below it, driving from the matches is cheap.
 */
export const SPLIT_FROM = 200;

/**
 * Few matches → start from them (driven), unless one word has many of which most start with it (a counted split,
 * SPLIT_FROM). More than DRIVE_LIMIT name matches of which few do not start with a searched word → split: the
 * stretches of the index where names start with a searched word, plus the few others, driven.
 * Otherwise the matches are dense throughout the index, and walking it in order fills a page quickly.
 */
function chooseStrategy(db: Db, filter: EntryFilter): Strategy {
  if (filter.kind === "all") return { kind: "scan" };
  const s = q(db);
  const stmt = filter.kind === "name" ? s.nameMatches : s.digitMatches;
  const matches = stmt.all(matchParam(filter), DRIVE_LIMIT + 1) as number[];
  const few = matches.length <= DRIVE_LIMIT;
  const driven = (): Strategy => ({ kind: "driven", filter: filter.kind, ids: JSON.stringify(matches), matched: matches.length });
  if (filter.kind !== "name") return few ? driven() : { kind: "scan" };
  if (few && (matches.length <= SPLIT_FROM || filter.words.length > 1)) return driven();
  const words = [...new Set(filter.words)];
  const rest = `(${matchParam(filter)}) NOT (${words.map((w) => `^${quote(w)}*`).join(" OR ")})`;
  // A split pays when at most half the matches are others; the probe stops as soon as it finds more.
  const others = s.nameMatches.all(rest, few ? Math.floor(matches.length / 2) + 1 : DRIVE_LIMIT + 1) as number[];
  if (few) return others.length <= matches.length / 2 ? { kind: "split", restIds: JSON.stringify(others), words, counted: true } : driven();
  if (others.length <= DRIVE_LIMIT) return { kind: "split", restIds: JSON.stringify(others), words, counted: false };
  return { kind: "scan" };
}
