// Directory queries over the search index of migration 005: pages of entries (one per number) in name order,
// word-prefix name search, digit substring search and reverse lookup by normalized number.
// Pages are keyset-paged (a cursor of the last entry shown), so page 3,000 costs what page 1 costs.
import { entryIndex, orderedPage, wordPage, type DirectoryOrder, type OrderBound } from "./directory-order.ts";
import { stretchEnd, type DirectorySearchCache, type MatchedIds } from "./directory-plans.ts";
import { statements, type Db } from "./open.ts";

export { DirectorySearchCache, DRIVE_LIMIT, ORDER_FROM, SPLIT_FROM } from "./directory-plans.ts";

/** Where an entry sits in the directory order; a page starts after (or ends before) one of these. */
export interface EntryCursor {
  sortName: string;
  contactId: number;
  position: number;
}

export interface DirectoryEntryRow {
  number_id: number;
  contact_id: number;
  source_id: number;
  position: number;
  sort_name: string;
  display_name: string;
  given_name: string;
  family_name: string;
  company: string;
  type: string;
  label: string;
  number: string;
  normalized: string;
}

/** A name query is an FTS5 expression over folded words; a number query is digit strings (≥ 3 digits). */
export type EntryFilter = { kind: "all" } | { kind: "name"; words: string[] } | { kind: "digits"; alternatives: string[] };

export interface PageRequest {
  sourceIds: number[];
  filter: EntryFilter;
  after?: EntryCursor;
  before?: EntryCursor;
  limit: number;
}

type Direction = "first" | "after" | "before";

/**
 * Filters for walking the name-ordered index. A name word is a prefix of a word of the folded sort name, tested
 * on the covered column (a LIKE per row is far cheaper than gathering every FTS match of a short prefix first);
 * a digit filter is a substring test on the covered number. Matches too many to start from are dense enough
 * that either walk fills a page early.
 */
function filterSql(kind: EntryFilter["kind"], words: number): string {
  if (kind === "digits") return "AND (instr(e.normalized, @d1) > 0 OR instr(e.normalized, @d2) > 0)";
  if (kind === "name") return Array.from({ length: words }, (_, i) => `AND (' ' || e.sort_name) LIKE @w${i} ESCAPE '!'`).join(" ");
  return "";
}

/** The LIKE patterns of filterSql for folded words: " word" anywhere in " sort name". */
function wordPatterns(words: string[]): Record<string, string> {
  return Object.fromEntries(words.map((w, i) => [`w${i}`, `% ${w.replace(/[!%_]/g, "!$&")}%`]));
}

const DIRECTION_SQL: Record<Direction, { where: string; order: string }> = {
  first: { where: "", order: "ASC" },
  after: { where: "AND (e.sort_name, e.contact_id, e.position) > (@sortName, @contactId, @position)", order: "ASC" },
  before: { where: "AND (e.sort_name, e.contact_id, e.position) < (@sortName, @contactId, @position)", order: "DESC" },
};

const q = statements((db) => {
  const pages = new Map<string, ReturnType<Db["prepare"]>>();
  const counts = new Map<string, ReturnType<Db["prepare"]>>();
  return {
    /** Cursor rows of one source in directory order, for one filter and direction. */
    page(kind: EntryFilter["kind"], dir: Direction, words = 0) {
      const id = `${kind}/${dir}/${words}`;
      let s = pages.get(id);
      if (!s) {
        const d = DIRECTION_SQL[dir];
        s = db.prepare(`SELECT e.number_id, e.sort_name, e.contact_id, e.position FROM directory_entries e
          WHERE e.source_id = @sourceId ${d.where} ${filterSql(kind, words)}
          ORDER BY e.sort_name ${d.order}, e.contact_id ${d.order}, e.position ${d.order} LIMIT @limit`);
        pages.set(id, s);
      }
      return s;
    },
    /**
     * Entries of the matching contacts (or numbers) of one source, sorted; for match sets ≤ DRIVE_LIMIT. The
     * matches are the ids the strategy probe already fetched (@ids, a JSON array): the MATCH runs once per page.
     */
    driven(kind: "name" | "digits", dir: Direction) {
      const id = `driven/${kind}/${dir}`;
      let s = pages.get(id);
      if (!s) {
        const d = DIRECTION_SQL[dir];
        // count(*) OVER () is taken before the cursor condition, so it runs as a separate count below.
        s = db.prepare(`SELECT e.number_id, e.sort_name, e.contact_id, e.position FROM ${drivenJoin(kind)}
          WHERE e.source_id = @sourceId ${d.where}
          ORDER BY e.sort_name ${d.order}, e.contact_id ${d.order}, e.position ${d.order} LIMIT @limit`);
        pages.set(id, s);
      }
      return s;
    },
    drivenCount(kind: "name" | "digits") {
      const id = `count/${kind}`;
      let s = counts.get(id);
      if (!s) {
        s = db.prepare(`SELECT count(*) FROM ${drivenJoin(kind)} WHERE e.source_id = @sourceId`).pluck();
        counts.set(id, s);
      }
      return s;
    },
    /** Entries of one source whose sort name starts with a prefix (the first word of the name), filtered. */
    range(dir: Direction, words: number) {
      const id = `range/${dir}/${words}`;
      let s = pages.get(id);
      if (!s) {
        const d = DIRECTION_SQL[dir];
        s = db.prepare(`SELECT e.number_id, e.sort_name, e.contact_id, e.position FROM directory_entries e
          WHERE e.source_id = @sourceId AND e.sort_name >= @lo AND e.sort_name < @hi ${d.where} ${filterSql("name", words)}
          ORDER BY e.sort_name ${d.order}, e.contact_id ${d.order}, e.position ${d.order} LIMIT @limit`);
        pages.set(id, s);
      }
      return s;
    },
    firstAfter: db.prepare(`SELECT number_id FROM directory_entries WHERE source_id = @sourceId
      AND (sort_name, contact_id, position) > (@sortName, @contactId, @position) ORDER BY sort_name, contact_id, position LIMIT 1`).pluck(),
    firstFrom: db.prepare(`SELECT number_id FROM directory_entries WHERE source_id = @sourceId
      AND (sort_name, contact_id, position) >= (@sortName, @contactId, @position) ORDER BY sort_name, contact_id, position LIMIT 1`).pluck(),
    countRange: db.prepare("SELECT count(*) FROM directory_entries WHERE source_id = @sourceId AND sort_name >= @lo AND sort_name < @hi").pluck(),
    details: db.prepare(`SELECT n.id AS number_id, n.contact_id, c.source_id, n.position, c.search_name AS sort_name,
        c.display_name, c.given_name, c.family_name, c.company, n.type, n.label, n.number, n.normalized
      FROM contact_numbers n JOIN contacts c ON c.id = n.contact_id WHERE n.id = ?`).raw(),
    // CROSS JOIN: start from the (few) numbers equal to the caller's, never from the whole book.
    byNormalized: db.prepare(`SELECT n.id FROM contact_numbers n INDEXED BY contact_numbers_by_normalized
      CROSS JOIN directory_entries e ON e.number_id = n.id
      WHERE n.normalized = ? AND e.source_id = ? ORDER BY e.sort_name, e.contact_id, e.position LIMIT ?`).pluck(),
  };
});

/** The matched ids (contacts for names, numbers for digits) joined to their entries. */
function drivenJoin(kind: "name" | "digits"): string {
  return kind === "name"
    ? "json_each(@ids) m CROSS JOIN directory_entries e INDEXED BY directory_entries_by_contact ON e.contact_id = m.value"
    : "json_each(@ids) m CROSS JOIN directory_entries e ON e.number_id = m.value";
}

interface CursorRow {
  number_id: number;
  sort_name: string;
  contact_id: number;
  position: number;
}

const compareRows = (a: CursorRow, b: CursorRow): number =>
  a.sort_name < b.sort_name ? -1 : a.sort_name > b.sort_name ? 1 : a.contact_id - b.contact_id || a.position - b.position;



/**
 * One page of entries in directory order (after a cursor, before one, or from the start), with a flag saying
 * whether more entries lie beyond it in the direction of travel, and the total (`capped`: only "many" is
 * known). Several sources are merged in order.
 */
export function directoryPage(db: Db, cache: DirectorySearchCache, r: PageRequest): DirectoryPage {
  return readSnapshot(db, () => readPage(db, cache, r));
}

export interface DirectoryPage {
  entries: DirectoryEntryRow[];
  more: boolean;
  total: number;
  capped: boolean;
}

/**
 * Runs a page's queries in one read transaction: they see one state of the book (a sync committing between the
 * probe, the page and the count cannot mix two), and SQLite takes its WAL read lock once per page instead of
 * once per statement — with some forty statements a page, the locking cost more than the lookups.
 */
function readSnapshot<T>(db: Db, read: () => T): T {
  return db.transaction(read)();
}

function readPage(db: Db, cache: DirectorySearchCache, r: PageRequest): DirectoryPage {
  const s = q(db);
  const dir: Direction = r.after ? "after" : r.before ? "before" : "first";
  const cursor = r.after ?? r.before;
  const kind = r.filter.kind;
  const plan = cache.plan(db, r.filter, r.sourceIds);
  const { strategy } = plan;
  const rows: CursorRow[] = [];
  const fetched = new Map<number, DirectoryEntryRow>();
  /**
   * A page of one source's entries from its order in memory, when that is current (with their count); undefined
   * when it is not, for the index to answer.
   */
  const fromOrder = (sourceId: number, pageOf: (order: DirectoryOrder, bound: OrderBound) => { numberIds: number[]; total: number }): number | undefined => {
    const order = cache.order(db, sourceId);
    const bound = order && orderBound(db, order, sourceId, dir, cursor);
    if (!order || !bound) return undefined;
    const page = pageOf(order, bound);
    for (const row of entriesById(db, page.numberIds)) fetched.set(row.number_id, row), rows.push(row);
    cache.orderedPages++;
    return page.total;
  };
  /** A page of the entries of the matched ids in one source (with their count when it came from the order). */
  const matchedEntries = (sourceId: number, filter: "name" | "digits", matches: MatchedIds): number | undefined => {
    const counted = fromOrder(sourceId, (order, bound) => orderedPage(order, filter, matches.ids, bound, r.limit + 1));
    if (counted === undefined) rows.push(...(s.driven(filter, dir).all({ sourceId, limit: r.limit + 1, ...(cursor ?? {}), ids: matches.asJson() }) as CursorRow[]));
    return counted;
  };
  /** Walks the source's ordered index with the filter: the page, not its count. */
  const scanned = (sourceId: number): void => {
    const filterParams = r.filter.kind === "name" ? wordPatterns(r.filter.words) : r.filter.kind === "digits" ? { d1: r.filter.alternatives[0], d2: r.filter.alternatives.at(-1) } : {};
    rows.push(...(s.page(kind, dir, r.filter.kind === "name" ? r.filter.words.length : 0).all({ sourceId, limit: r.limit + 1, ...(cursor ?? {}), ...filterParams }) as CursorRow[]));
  };
  // The matched numbers of a search over every source each have one entry: they are the count (~1 ms less
  // for a three-digit search that matches 2,000 numbers of 100,000 contacts).
  const everyNumber = strategy.kind === "driven" && strategy.filter === "digits" && cache.coversEverySource(db, r.sourceIds);
  let total = everyNumber ? strategy.matches.length : 0;
  let uncounted = false;
  for (const sourceId of r.sourceIds) {
    const base = { sourceId, limit: r.limit + 1, ...(cursor ?? {}) };
    if (strategy.kind === "words") {
      const counted = fromOrder(sourceId, (order, bound) => wordPage(order, strategy.words, bound, r.limit + 1));
      // Only an order that does not hold the cursor's entry leaves the index to answer.
      if (counted === undefined) scanned(sourceId), (uncounted = true);
      else total += counted;
    } else if (strategy.kind === "driven") {
      const counted = matchedEntries(sourceId, strategy.filter, strategy.matches);
      if (everyNumber) continue;
      let count = counted ?? plan.totals.get(sourceId);
      if (count === undefined) plan.totals.set(sourceId, (count = s.drivenCount(strategy.filter).get({ sourceId, ids: strategy.matches.asJson() }) as number));
      total += count;
    } else if (strategy.kind === "split") {
      // Names that start with a searched word lie in one stretch of the ordered index; the few others are driven.
      const others = matchedEntries(sourceId, "name", strategy.rest);
      // A folded name that starts with the only searched word has a first word that starts with it, so it
      // matches: the filter is needed only for further words.
      const filtered = r.filter.kind === "name" && r.filter.words.length > 1 ? r.filter.words : [];
      for (const w of strategy.words) rows.push(...(s.range(dir, filtered.length).all({ ...base, ...wordPatterns(filtered), lo: w, hi: stretchEnd(w) }) as CursorRow[]));
      if (strategy.counted) {
        // One word, so its one stretch and the others are disjoint: their sizes add up to the driven count.
        let count = plan.totals.get(sourceId);
        if (count === undefined) {
          count = (s.countRange.get({ sourceId, lo: strategy.words[0], hi: stretchEnd(strategy.words[0]) }) as number) + (others ?? (s.drivenCount("name").get({ sourceId, ids: strategy.rest.asJson() }) as number));
          plan.totals.set(sourceId, count);
        }
        total += count;
      }
    } else {
      scanned(sourceId);
      if (kind === "all") total += cache.bookSize(db, sourceId);
    }
  }
  dedupe(rows);
  rows.sort(dir === "before" ? (a, b) => compareRows(b, a) : compareRows);
  const more = rows.length > r.limit;
  const chosen = rows.slice(0, r.limit);
  if (dir === "before") chosen.reverse();
  const missing = entriesById(db, chosen.filter((c) => !fetched.has(c.number_id)).map((c) => c.number_id));
  for (const row of missing) fetched.set(row.number_id, row);
  const entries = chosen.flatMap((c) => fetched.get(c.number_id) ?? []);
  return { entries, more, total, capped: uncounted || (strategy.kind === "split" && !strategy.counted) || (strategy.kind === "scan" && kind !== "all") };
}

/**
 * Where a cursor falls in a source's order in memory: a page after it starts at the first entry past it, a page
 * before it ends at the first entry not before it (found by one seek in the ordered index, so a cursor whose
 * contact has since gone or moved falls where the index puts it). Undefined if the order lacks that entry.
 */
function orderBound(db: Db, order: DirectoryOrder, sourceId: number, dir: Direction, cursor: EntryCursor | undefined): OrderBound | undefined {
  if (dir === "first" || !cursor) return {};
  const next = q(db)[dir === "after" ? "firstAfter" : "firstFrom"].get({ sourceId, ...cursor }) as number | undefined;
  const at = next === undefined ? order.numberIds.length : entryIndex(order, next);
  if (at < 0) return undefined;
  return dir === "after" ? { from: at } : { before: at };
}

/** The entries with these number ids, in that order (those that exist). */
function entriesById(db: Db, ids: number[]): DirectoryEntryRow[] {
  const s = q(db);
  const entries: DirectoryEntryRow[] = [];
  for (const id of ids) {
    const r = s.details.get(id) as DetailColumns | undefined;
    if (r) entries.push(entryOf(r));
  }
  return entries;
}

type DetailColumns = [number, number, number, number, string, string, string, string, string, string, string, string, string];

/**
 * A details row as an object built here, with the columns in the statement's order: better-sqlite3 sets a row
 * object's 13 properties one by one from C++, which cost a directory page a quarter of its detail lookups' time.
 */
const entryOf = (r: DetailColumns): DirectoryEntryRow => ({
  number_id: r[0], contact_id: r[1], source_id: r[2], position: r[3], sort_name: r[4], display_name: r[5], given_name: r[6],
  family_name: r[7], company: r[8], type: r[9], label: r[10], number: r[11], normalized: r[12],
});

/** The same entry can come from two overlapping stretches ("ann" and "anna"). */
function dedupe(rows: CursorRow[]): void {
  const seen = new Set<number>();
  let w = 0;
  for (const row of rows) if (!seen.has(row.number_id)) seen.add(row.number_id), (rows[w++] = row);
  rows.length = w;
}

/** Entries whose normalized number is exactly `normalized` (a caller's number), in directory order. */
export function entriesByNumber(db: Db, sourceIds: number[], normalized: string, limit: number): DirectoryEntryRow[] {
  const s = q(db);
  return readSnapshot(db, () => {
    const ids = sourceIds.flatMap((id) => s.byNormalized.all(normalized, id, limit) as number[]);
    return entriesById(db, ids.slice(0, limit));
  });
}
