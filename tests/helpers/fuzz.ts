// A small seeded fuzzer for the parsers we own or feed: a PRNG (mulberry32), mutators that make the inputs
// parsers trip over (bit flips, truncation, duplication, `<` `&` `"` NUL and invalid UTF-8 inserted, deep
// nesting), and a time budget. FUZZ_MS sets the budget per parser (small in `make test`, large in `make fuzz`);
// FUZZ_SEED replays a run. The seed is printed with every failure, so a failure found once can be found again.

/** The run's seed: FUZZ_SEED when set, else a new one (printed by `fuzz` when a case fails). */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Milliseconds of fuzzing per parser. */
export const FUZZ_MS = Number(process.env.FUZZ_MS ?? 1000);

export type Random = () => number;

/** mulberry32: a tiny PRNG whose whole state is one 32-bit number, so a seed replays a run exactly. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Random, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Random, list: readonly T[]): T => list[int(r, list.length)];

/** What parsers of text and markup trip over, inserted whole. */
const NASTY = ["<", ">", "&", '"', "'", "\0", "\r\n", "]]>", "<!--", "&amp", "&#0;", "&#xD800;", "\\", "%", "%00", "%zz", "=", ";", ",", ":", "{", "[", "\u2028", "\uFEFF", "😀", "' OR '1'='1", "<script>", "../", "*", "- ", "? ", "!!", "&x", "\t"];
/** Octets that are never valid UTF-8 (a lone continuation byte, an overlong form, a surrogate, a cut sequence). */
const INVALID_UTF8 = [Buffer.from([0x80]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf0, 0x9f]), Buffer.from([0xff])];

type Mutator = (r: Random, b: Buffer) => Buffer;

const at = (r: Random, b: Buffer): number => int(r, b.length + 1);
const splice = (b: Buffer, i: number, remove: number, insert: Buffer): Buffer => Buffer.concat([b.subarray(0, i), insert, b.subarray(i + remove)]);

const MUTATORS: Mutator[] = [
  (r, b) => {
    if (!b.length) return b;
    const out = Buffer.from(b);
    out[int(r, b.length)] ^= 1 << int(r, 8);
    return out;
  },
  (r, b) => b.subarray(0, at(r, b)),
  (r, b) => b.subarray(at(r, b)),
  (r, b) => {
    const i = at(r, b);
    const j = Math.min(b.length, i + 1 + int(r, 64));
    return splice(b, j, 0, b.subarray(i, j));
  },
  (r, b) => splice(b, at(r, b), 0, Buffer.from(pick(r, NASTY))),
  (r, b) => splice(b, at(r, b), 0, pick(r, INVALID_UTF8)),
  (r, b) => {
    const i = at(r, b);
    return splice(b, i, int(r, Math.min(32, b.length - i + 1)), Buffer.alloc(0));
  },
  (r, b) => {
    // Deep nesting in whatever the input speaks: elements, arrays or flow maps.
    const depth = 1 + int(r, 3000);
    const [open, close] = pick(r, [["<a>", "</a>"], ["[", "]"], ['{"a":', "}"], ["- ", ""]] as const);
    const i = at(r, b);
    return splice(b, i, 0, Buffer.from(open.repeat(depth) + close.repeat(depth)));
  },
  (r, b) => {
    // One byte value repeated: long runs find quadratic scans.
    const i = at(r, b);
    return splice(b, i, 0, Buffer.alloc(1 + int(r, 4096), pick(r, NASTY)));
  },
];

/** `rounds` mutations of `seed`, each by a random mutator. */
export function mutate(r: Random, seed: Buffer, rounds = 1 + int(r, 4)): Buffer {
  let out = seed;
  for (let i = 0; i < rounds; i++) out = pick(r, MUTATORS)(r, out);
  return out;
}

/** A random string of hostile characters (for text fields): NASTY pieces and printable ASCII. */
export function hostileText(r: Random, maxPieces = 12): string {
  let s = "";
  for (let n = 1 + int(r, maxPieces); n > 0; n--) s += r() < 0.5 ? pick(r, NASTY) : String.fromCharCode(32 + int(r, 95));
  return s;
}

/**
 * Feeds mutations of the corpus to `check` until the budget is spent (at least `minCases`). `check` throws
 * (an assertion) when the parser misbehaved; the failure names the seed and case to replay with FUZZ_SEED.
 */
export async function fuzz(name: string, corpus: (string | Buffer)[], check: (input: Buffer, r: Random) => void | Promise<void>, o: { ms?: number; minCases?: number; salt?: number } = {}): Promise<number> {
  const seed = (FUZZ_SEED + (o.salt ?? 0)) >>> 0;
  const r = seededRandom(seed);
  const seeds = corpus.map((c) => (typeof c === "string" ? Buffer.from(c) : c));
  const end = Date.now() + (o.ms ?? FUZZ_MS);
  let cases = 0;
  for (const input of seeds) await run(input);
  while (cases < (o.minCases ?? 50) || Date.now() < end) await run(mutate(r, pick(r, seeds)));
  return cases;

  async function run(input: Buffer): Promise<void> {
    cases++;
    try {
      await check(input, r);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`${name}: case ${cases} failed (replay with FUZZ_SEED=${FUZZ_SEED}): ${message.slice(0, 500)}\ninput (${input.length} bytes): ${JSON.stringify(input.subarray(0, 300).toString("latin1"))}`, { cause: err });
    }
  }
}
