// DESIGN §8 directory search: contacts described as a provider sends them and stored as a sync stores them
// (buildContact with the dial plan, stored by bench/contact-seed.ts: bulk-loaded, checked against the importer and
// cached under storage/bench-cache/) in the SQLite file before the real server (a child process) starts; then
// `GET /cisco/directory?key=…` as phones send them, loaded by wrk at 2 connections (people, not a storm). Cold: every timed request is a search term new to the run (name
// prefixes of 2–5 letters and two-word combinations from the seeded names, digit strings, callers' numbers), so no
// search plan is warm; warm: a few terms asked again and again, beside it. p50/p99 per page, server and wrk CPU.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ORDER_FROM } from "../db/contact-search.ts";
import { tel, type FixtureContact } from "../tests/fixtures/contacts.ts";
import type { Child } from "./child.ts";
import { seedContacts, type Seeded } from "./contact-seed.ts";
import { wrkWithCpu, type Loaded } from "./config-load.ts";
import { writeMppConfig } from "./mpp-config.ts";
import { portOf, startSwitchboard } from "./switchboard.ts";
import { fmtInt, fmtMs, type BenchRow } from "./types.ts";
import { hasWrk, urlListScript } from "./wrk.ts";

const CONTACTS = 100_000;
const KEY = "office";
// Phones are operated by people: a few directory requests at the same moment, not 64. One connection per wrk
// thread, each walking its own share of the terms in order.
const THREADS = 2;
const WARMUP_TERMS = 300;
// wrk runs for a fixed time: each list is longer than 2 connections get through in it, so no term is asked twice
// (should one run out, its thread stops and the output says so).
const SECONDS = 3;
const TARGET_MS = 5;

const GIVEN = ["Anna", "Andreas", "Anja", "Bernd", "Birgit", "Christian", "Claudia", "Daniel", "Doris", "Elke", "Erik", "Frank", "Franziska",
  "Gabriele", "Georg", "Hannah", "Heinz", "Ingrid", "Jan", "Jana", "Jörg", "Julia", "Karl", "Katrin", "Lars", "Lena", "Manfred", "Maria",
  "Martin", "Monika", "Nina", "Olaf", "Petra", "Peter", "Ralf", "Renate", "Sabine", "Stefan", "Susanne", "Thomas", "Ute", "Uwe",
  "Vanessa", "Walter", "Yvonne", "Zoë", "José", "Ömer", "Łukasz", "Chloé"];
const FAMILY = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch",
  "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange",
  "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter",
  "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert", "Vogel", "Friedrich",
  "Keller", "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster", "Simon",
  "Ludwig", "Böhm", "Winter", "Kraus", "Martin", "Schumacher", "Krämer", "Vogt", "Stein", "Jäger", "Otto", "Sommer", "Groß", "Seidel",
  "Heinrich", "Brandt", "Haas", "Schreiber", "Graf", "Schulte", "Dietrich", "Ziegler", "Kuhn", "Kühn", "Pohl", "Engel", "Horn", "Busch",
  "Bergmann", "Thomas", "Voigt", "Sauer", "Arnold", "Wolff", "Pfeiffer", "García", "O'Brien", "Nguyễn", "Øster"];
const COMPANIES = ["", "", "", "Example GmbH", "Stadtwerke Nord", "Praxis Dr. Weber", "Müller & Söhne KG", "IT-Service Süd", "Bäckerei Krause"];

/**
 * Contact i as a provider describes it: a name from the lists (display, given and family name), a company now and
 * then, one to three typed numbers written as people write them.
 */
export function contact(i: number): FixtureContact {
  const given = GIVEN[i % GIVEN.length];
  const family = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length];
  const n = String(1_000_000 + ((i * 7919) % 9_000_000));
  const numbers = [tel("mobile", `+49 17${i % 10} ${n}`)];
  if (i % 2 === 0) numbers.push(tel("work", `030 ${n.slice(0, 3)} ${n.slice(3)}-${i % 100}`));
  if (i % 7 === 0) numbers.push(tel("home", `0049 40 ${n}`));
  return { display_name: `${given} ${family}`, given_name: given, family_name: family, company: COMPANIES[i % COMPANIES.length], numbers };
}

export async function run(): Promise<BenchRow[]> {
  if (!hasWrk()) return [{ benchmark: "directory search", measured: "skipped: wrk is not installed (make bench installs it as root)", target: "—" }];
  const d = await measureDirectory(CONTACTS, true);
  const line = (name: string, r: Loaded) =>
    `  ${name.padEnd(34)} p50 ${fmtMs(r.p50)}  p99 ${fmtMs(r.p99)}  ${fmtInt(r.requestsPerSecond).padStart(5)} req/s  server CPU ${fmtInt(r.serverUs)} µs/req  wrk CPU ${fmtInt(r.wrkUs)} µs/req  (${fmtInt(r.requests)} requests)`;
  console.log([
    `directory search: ${fmtInt(CONTACTS)} contacts, ${fmtInt(d.numbers)} numbers (${d.seededFrom === "cache" ? "copied from storage/bench-cache in" : "seeded in"} ${d.seedSeconds.toFixed(1)} s), order in memory ${d.orderSeconds.toFixed(2)} s after listening, wrk ${THREADS} connections`,
    ...d.kinds.map(([name, r]) => line(name, r)),
  ].join("\n"));
  return d.kinds.map(([name, r]) => {
    const cold = name.includes("cold");
    return {
      benchmark: `directory ${fmtInt(CONTACTS / 1000)}k: ${name} p50 | p99`,
      measured: `${fmtMs(r.p50)} | ${fmtMs(r.p99)} (CPU ${fmtInt(r.serverUs)} µs, wrk ${fmtInt(r.wrkUs)} µs)`,
      target: cold ? `p99 ≤ ${TARGET_MS} ms` : "—",
      ok: cold ? r.p99 <= TARGET_MS : undefined,
    };
  });
}

export interface DirectoryFigures {
  numbers: number;
  seedSeconds: number;
  seededFrom: Seeded["from"];
  /** Each kind of request with its figures: "name search, cold" first. */
  kinds: [string, Loaded][];
  /** From listening until the book's order was in memory (read by a worker after start; searches wait for it). */
  orderSeconds: number;
}

/** Seeds `contacts` contacts, starts the server, loads it with cold name searches (and with `all`, the other kinds). */
export async function measureDirectory(contacts: number, all: boolean): Promise<DirectoryFigures> {
  const tmp = mkdtempSync(join(tmpdir(), "switchboard-bench-directory-"));
  try {
    const config = writeMppConfig(join(tmp, "config"), 10);
    const dbPath = join(tmp, "switchboard.sqlite");
    const seeded = seedContacts(dbPath, KEY, contacts, contact);
    const server = await startSwitchboard(config.dir, dbPath, 60_000);
    try {
      // A book under ORDER_FROM contacts keeps no order: nothing to wait for.
      const orderSeconds = contacts >= ORDER_FROM ? await orderInMemory(`http://127.0.0.1:${portOf(server)}`) : 0;
      return { numbers: seeded.numbers, seedSeconds: seeded.seconds, seededFrom: seeded.from, orderSeconds, kinds: await loadKinds(server, tmp, contacts, all) };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Seconds until the server holds the book's order in memory (its /metrics gauge), which it reads in a worker after
 * start: the timed searches are of a server that has finished starting, and this says how long that took.
 */
async function orderInMemory(url: string, timeoutMs = 120_000): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    if (/^directory_orders_in_memory [1-9]/m.test(metrics)) return (performance.now() - start) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the book's order was not in memory ${timeoutMs / 1000} s after start`);
}

async function loadKinds(server: Child, tmp: string, contacts: number, all: boolean): Promise<[string, Loaded][]> {
  const url = `http://127.0.0.1:${portOf(server)}`;
  const base = `/cisco/directory?key=${KEY}`;
  const names = nameTerms().map((t) => `${base}&q=${encodeURIComponent(t)}`);
  const once = async (name: string, paths: string[], seconds = SECONDS) => {
    const r = await wrkWithCpu(server, { url, threads: THREADS, connections: THREADS, seconds, ...urlListScript({ dir: join(tmp, name), requests: paths.map((path) => ({ path })), threads: THREADS, mode: "once" }) });
    if (r.requests >= paths.length) console.log(`  (${name}: all ${paths.length} terms used before the ${seconds} s were up: req/s understated, latencies valid)`);
    return r;
  };
  // Warms the JIT and SQLite's page cache with terms that are not timed afterwards.
  await once("warmup", names.slice(0, WARMUP_TERMS), 1);
  const kinds: [string, Loaded][] = [["name search, cold", await once("names", names.slice(WARMUP_TERMS))]];
  if (!all) return kinds;
  const warmTerms = ["mü", "schm", "anna", "wag", "hof", "stefan", "jörg kö", "praxis"].map((t) => ({ path: `${base}&q=${encodeURIComponent(t)}` }));
  kinds.push(["name search, warm (8 terms repeated)", await wrkWithCpu(server, { url, threads: THREADS, connections: THREADS, seconds: SECONDS, ...urlListScript({ dir: join(tmp, "warm"), requests: warmTerms, threads: THREADS, mode: "cycle" }) })]);
  kinds.push(["number search, cold", await once("digits", digitTerms(contacts).map((t) => `${base}&qn=${encodeURIComponent(t)}`))]);
  kinds.push(["reverse lookup, cold", await once("callers", callerNumbers(contacts).map((n) => `${base}&n=${encodeURIComponent(n)}`))]);
  return kinds;
}

/** A deterministic shuffle, so runs ask the same terms in the same order. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  let seed = 12345;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Search terms as people type them, each once: prefixes of 2–5 letters of the seeded given and family names, then
 * two-word combinations of short prefixes ("an sch"), shuffled; the first WARMUP_TERMS are for the warm-up only.
 */
export function nameTerms(): string[] {
  const prefixes = (names: string[]) => [...new Set(names.flatMap((n) => [2, 3, 4, 5].filter((k) => k < n.length).map((k) => n.slice(0, k).toLowerCase())))];
  const given = prefixes(GIVEN);
  const family = prefixes(FAMILY);
  const single = [...new Set([...given, ...family])];
  const pairs = given.filter((g) => g.length <= 3).flatMap((g) => family.filter((f) => f.length <= 4).map((f) => `${g} ${f}`));
  return [...new Set([...shuffled(single), ...shuffled(pairs)])];
}

/** Digit strings of 3–5 digits, each once, taken from the seeded numbers (most match, as typed numbers do). */
function digitTerms(contacts: number): string[] {
  const terms = new Set<string>();
  for (let i = 0; terms.size < 5000 && i < contacts; i += 37) {
    const digits = contact(i).numbers![0].number.replace(/\D/g, "");
    terms.add(digits.slice(3, 6 + (i % 3)));
  }
  return shuffled([...terms]);
}

/** Callers' numbers as phones pass them (with +, with 00, national), each caller once; every fourth one unknown. */
function callerNumbers(contacts: number): string[] {
  return Array.from({ length: Math.min(contacts, 30_000) }, (_, j) => {
    const c = contact((j * 1663) % contacts).numbers!;
    const written = c[j % c.length].number;
    return j % 4 === 0 ? written.replace(/\D/g, "") : j % 4 === 1 ? written : j % 4 === 2 ? written.replace(/^\+49 /, "0") : `0301${String(j).padStart(7, "0")}`;
  });
}
