// Name patterns from config: `*` stands for any run of characters, `?` for one, matched case-insensitively.
// Matched by hand in at most name × pattern steps — a regular expression built from config and run over names
// a request sent (a report's element names) could backtrack without bound.

/** Whether `name` matches the glob `pattern` (both already lower-cased). Greedy with one resume point. */
function globMatch(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let star = -1; // pattern index just after the last `*`
  let resume = 0; // name index that `*` is taken to have reached
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === name[n])) {
      p++;
      n++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = ++p;
      resume = n;
    } else if (star >= 0) {
      p = star;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

/**
 * Whether `name` matches a pattern of `*` only, given as its pieces between stars (both lower-cased): the first
 * starts the name, the last ends it, the others follow in order, each at its leftmost place (which never loses a
 * match). Native indexOf: several times faster than globMatch on the 1,100 names of every report.
 */
function piecesMatch(pieces: string[], name: string): boolean {
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (name.length < first.length + last.length || !name.startsWith(first) || !name.endsWith(last)) return false;
  const end = name.length - last.length;
  let at = first.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const found = name.indexOf(pieces[i], at);
    if (found < 0 || found + pieces[i].length > end) return false;
    at = found + pieces[i].length;
  }
  return true;
}

/** Answers remembered for short names only and at most this many (emptied when full): names come from requests. */
const MEMO_LIMIT = 20_000;
const MEMO_NAME_LENGTH = 100;

/**
 * A set of names and name patterns: exact names are looked up, patterns tried in order. The same names come back
 * in every report, so answers are remembered.
 */
export class NamePatterns {
  private readonly exact = new Set<string>();
  private readonly starOnly: string[][] = [];
  private readonly globs: string[] = [];
  private readonly memo = new Map<string, boolean>();

  constructor(readonly patterns: readonly string[]) {
    for (const raw of patterns) {
      const p = raw.toLowerCase();
      if (p.includes("?")) this.globs.push(p);
      else if (p.includes("*")) this.starOnly.push(p.split("*"));
      else this.exact.add(p);
    }
  }

  has(name: string): boolean {
    const known = this.memo.get(name);
    if (known !== undefined) return known;
    const n = name.toLowerCase();
    const answer = this.exact.has(n) || this.starOnly.some((pieces) => piecesMatch(pieces, n)) || this.globs.some((g) => globMatch(g, n));
    if (name.length > MEMO_NAME_LENGTH) return answer;
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(name, answer);
    return answer;
  }
}

/** A pattern we accept from config: letters, digits, `_ . : -` and the wildcards, nothing else. */
export const isNamePattern = (s: string): boolean => /^[\w.:*?-]{1,100}$/.test(s);
