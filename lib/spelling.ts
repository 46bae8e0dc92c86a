// "Did you mean …?" for names: the known name that differs only in case, or by one edit (a character added,
// dropped or changed, or two neighbours swapped). A deletion index answers in O(length²) whatever the number of
// names, and names longer than `maxLength` are neither indexed nor looked up, so a lookup's cost is bounded.

export interface Suggestion {
  name: string;
  /** True when only letter case differs (after the index's own folding): a near-certain match. */
  caseOnly: boolean;
}

export class SpellingIndex {
  /** Folded key → the first name with that key. */
  private readonly exact = new Map<string, string>();
  /** Folded key with one character deleted → the keys it came from. */
  private readonly deletions = new Map<string, string[]>();

  /** `fold` maps a name to the key compared (lower case by default); it must not make a name longer. */
  constructor(
    names: Iterable<string>,
    private readonly fold: (name: string) => string = (name) => name.toLowerCase(),
    private readonly maxLength = 64,
  ) {
    for (const name of names) {
      const key = this.fold(name);
      if (key.length > maxLength || this.exact.has(key)) continue;
      this.exact.set(key, name);
      for (let i = 0; i < key.length; i++) {
        const d = key.slice(0, i) + key.slice(i + 1);
        const list = this.deletions.get(d);
        if (!list) this.deletions.set(d, [key]);
        else if (list[list.length - 1] !== key) list.push(key); // "aab" gives "ab" twice
      }
    }
  }

  /** The known name closest to `name`, or undefined when none is that close (or `name` is a known name as is). */
  suggest(name: string): Suggestion | undefined {
    const key = this.fold(name);
    if (key.length > this.maxLength) return undefined;
    const same = this.exact.get(key);
    if (same !== undefined) return same === name ? undefined : { name: same, caseOnly: true };
    const candidates = new Set<string>(this.deletions.get(key) ?? []); // `name` lacks a character
    for (let i = 0; i < key.length; i++) {
      const d = key.slice(0, i) + key.slice(i + 1);
      if (this.exact.has(d)) candidates.add(d); // `name` has one too many
      for (const k of this.deletions.get(d) ?? []) candidates.add(k); // one changed, or two swapped (checked below)
    }
    let best: string | undefined;
    for (const k of candidates) {
      if (!withinOneEdit(key, k)) continue;
      const candidate = this.exact.get(k)!;
      if (best === undefined || candidate < best) best = candidate;
    }
    return best === undefined ? undefined : { name: best, caseOnly: false };
  }
}

/** One insertion, deletion, substitution or swap of two neighbours apart (the strings differ). */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution (or equal)
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swap
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * Edits (insert, delete, change, swap two neighbours) from `a` to `b`, or `limit + 1` once it is more than
 * `limit`. For short names: O(|a|·|b|).
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current[j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length], limit + 1);
}
