// The words of a big source's names held in memory beside its directory order (db/directory-order.ts): each word
// with the contacts whose folded name has it, by their place in the order. A name search over such a source
// finds its matches here in tens of microseconds, where asking the FTS5 index cost 0.2-2 ms over 100,000 contacts
// (gathering every match of a short prefix, and for a word that many names start with, a second probe to plan
// around them). The names are the folded search names (lib/search-fold.ts): words of letters and digits separated
// by one space, which is what the index's unicode61 tokenizer makes of them; a searched word is one such word, and
// matches a name with a word it starts (FTS5's `"word"*`).

export interface DirectoryWords {
  /** The distinct words, sorted, end to end: word w is words.slice(wordStarts[w], wordStarts[w + 1]). */
  words: string;
  wordStarts: Int32Array;
  /** The contacts (their places in the order, ascending) whose name has word w: from postingStarts[w] up to postingStarts[w + 1]. */
  postings: Int32Array;
  postingStarts: Int32Array;
}

/** The words of `names`, where names[r] is the folded search name of the contact at place r of the order. */
export function directoryWords(names: readonly string[]): DirectoryWords {
  const byWord = new Map<string, number[]>();
  let count = 0;
  for (let r = 0; r < names.length; r++) {
    for (const word of names[r].split(" ")) {
      if (!word) continue;
      let places = byWord.get(word);
      if (!places) byWord.set(word, (places = []));
      // A name can hold a word twice ("Anna Anna"); places come in ascending order, so the last one tells.
      if (places.at(-1) !== r) places.push(r), count++;
    }
  }
  const sorted = [...byWord.keys()].sort();
  const wordStarts = new Int32Array(sorted.length + 1);
  const postings = new Int32Array(count);
  const postingStarts = new Int32Array(sorted.length + 1);
  let chars = 0;
  let at = 0;
  sorted.forEach((word, w) => {
    const places = byWord.get(word)!;
    postings.set(places, at);
    at += places.length;
    chars += word.length;
    wordStarts[w + 1] = chars;
    postingStarts[w + 1] = at;
  });
  return { words: sorted.join(""), wordStarts, postings, postingStarts };
}

/** Word w compared with `prefix` over the prefix's length (0: w starts with it), in the order of the sort. */
function compareStart(d: DirectoryWords, w: number, prefix: string): number {
  const start = d.wordStarts[w];
  const length = d.wordStarts[w + 1] - start;
  for (let i = 0; i < prefix.length; i++) {
    if (i === length) return -1;
    const diff = d.words.charCodeAt(start + i) - prefix.charCodeAt(i);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The words that start with `prefix`: [lo, hi), adjacent in the sorted words. */
export function wordsStartingWith(d: DirectoryWords, prefix: string): [number, number] {
  const first = (below: (w: number) => boolean) => {
    let lo = 0;
    let hi = d.wordStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (below(mid)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return [first((w) => compareStart(d, w, prefix) < 0), first((w) => compareStart(d, w, prefix) <= 0)];
}

/**
 * Beyond this many matched contacts a page is found by walking the order from its bound (dense matches fill it
 * within a few hundred steps) instead of sorting the matches.
 */
const LISTED = 1024;

/** Marks per index: marks[r] says how many searched words contact r has matched in the current search. */
const scratch = new WeakMap<DirectoryWords, { marks: Int32Array; base: number }>();

export interface WordMatches {
  /** Entries of the matched contacts. */
  total: number;
  /** The matched places (unsorted) when at most LISTED; otherwise undefined, and `isMatch` tells. */
  listed?: number[];
  isMatch(place: number): boolean;
}

/**
 * The contacts whose name has, for every searched word, a word that starts with it. Each word's contacts move
 * their mark one step, so a contact matched by all of them is one pass over their postings, no sets built.
 * `entriesOf(place)` counts a contact's entries.
 */
export function matchWords(d: DirectoryWords, places: number, searched: readonly string[], entriesOf: (place: number) => number): WordMatches {
  const ranges = searched.map((w) => wordsStartingWith(d, w));
  if (ranges.some(([lo, hi]) => lo === hi)) return { total: 0, listed: [], isMatch: () => false };
  let s = scratch.get(d);
  if (!s) scratch.set(d, (s = { marks: new Int32Array(places), base: 0 }));
  // Marks left by earlier searches are below this search's base; near the end of the range they start over.
  if (s.base + searched.length + 1 > 2 ** 31 - 1) s.marks.fill(0), (s.base = 0);
  const { marks } = s;
  const base = s.base;
  s.base += searched.length + 1;
  const done = base + searched.length;
  let listed: number[] | undefined = [];
  let total = 0;
  for (let i = 0; i < ranges.length; i++) {
    const [lo, hi] = ranges[i];
    const from = base + i;
    const last = i === ranges.length - 1;
    for (let k = d.postingStarts[lo], end = d.postingStarts[hi]; k < end; k++) {
      const r = d.postings[k];
      // The first word marks any contact it has not yet marked (one may have two words with the prefix).
      if (i === 0 ? marks[r] === from + 1 : marks[r] !== from) continue;
      marks[r] = from + 1;
      if (!last) continue;
      total += entriesOf(r);
      if (listed && listed.push(r) > LISTED) listed = undefined;
    }
  }
  return { total, listed, isMatch: (r) => marks[r] === done };
}
