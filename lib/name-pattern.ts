// Name patterns from config: `*` stands for any run of characters, `?` for one, matched case-insensitively.
// Matched by hand in at most name × pattern steps — a regular expression built from config and run over names
// a request sent (a report's element names) could backtrack without bound.

const WILDCARD = /[*?]/;

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

/** A set of names and name patterns: exact names are looked up, patterns tried in order. */
export class NamePatterns {
  private readonly exact = new Set<string>();
  private readonly globs: string[] = [];

  constructor(readonly patterns: readonly string[]) {
    for (const raw of patterns) {
      const p = raw.toLowerCase();
      if (WILDCARD.test(p)) this.globs.push(p);
      else this.exact.add(p);
    }
  }

  has(name: string): boolean {
    const n = name.toLowerCase();
    return this.exact.has(n) || this.globs.some((g) => globMatch(g, n));
  }
}

/** A pattern we accept from config: letters, digits, `_ . : -` and the wildcards, nothing else. */
export const isNamePattern = (s: string): boolean => /^[\w.:*?-]{1,100}$/.test(s);
