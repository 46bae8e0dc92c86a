// DESIGN §8 directory search: 100,000 contacts (~150,000 numbers) described as a provider sends them and stored as
// a sync stores them (buildContact with the dial plan, then replaceContacts), in the SQLite file before the real
// server (a child process) starts; then `GET /cisco/directory?key=…` requests as phones send them — "All contacts"
// pages followed through the Next links, name and number searches with their following pages, reverse lookups of
// callers — each kind loaded on its own. p99 per request vs ≤ 5 ms.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_DIAL_PLAN } from "../core/contacts/normalize.ts";
import { replaceContacts } from "../db/contacts.ts";
import { createSource } from "../db/contact-sources.ts";
import { openDatabase } from "../db/open.ts";
import { storedContact, tel, type FixtureContact } from "../tests/fixtures/contacts.ts";
import { cpuSecondsOf } from "./child.ts";
import { runLoad, type LoadResult } from "./load.ts";
import { writeMppConfig } from "./mpp-config.ts";
import { portOf, startSwitchboard } from "./switchboard.ts";
import { fmtInt, fmtMs, type BenchRow } from "./types.ts";

const CONTACTS = 100_000;
const KEY = "office";
// Phones are operated by people: a few directory requests at the same moment, not 64.
const CONNECTIONS = 2;
const PER_KIND = { maxRequests: 50_000, maxSeconds: 2 };
const WARMUP = { maxRequests: 2_000, maxSeconds: 0.5 };
const TARGET_MS = 5;
// How far the crawl follows Next links: "All contacts" pages, and pages of each search.
const LIST_PAGES = 200;
const SEARCH_PAGES = 3;

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
  const tmp = mkdtempSync(join(tmpdir(), "switchboard-bench-"));
  try {
    const config = writeMppConfig(join(tmp, "config"), 10);
    const dbPath = join(tmp, "switchboard.sqlite");
    const seedStarted = Date.now();
    // The server runs without a switchboard.yml, so with the default dial plan; the sync would normalize with it.
    const contacts = Array.from({ length: CONTACTS }, (_, i) => storedContact(contact(i), i, DEFAULT_DIAL_PLAN));
    const numbers = contacts.reduce((n, c) => n + c.numbers.length, 0);
    const db = openDatabase(dbPath);
    try {
      replaceContacts(db, createSource(db, { key: KEY, provider: "fritzbox", label: "Office" }).id, contacts);
    } finally {
      db.close();
    }
    const seedSeconds = (Date.now() - seedStarted) / 1000;

    const server = await startSwitchboard(config.dir, dbPath);
    const results: [string, LoadResult, number][] = [];
    try {
      const port = portOf(server);
      const kinds = await requestKinds(port);
      for (const [kind, paths] of kinds) {
        const load = (limits: { maxRequests: number; maxSeconds: number }) => runLoad({ port, paths, connections: CONNECTIONS, headers: { "User-Agent": "Cisco-CP-8851-3PCC/12.0.1" }, ...limits });
        await load(WARMUP);
        const before = cpuSecondsOf(server.pid);
        const r = await load(PER_KIND);
        if (r.failures) throw new Error(`${kind} failed: ${r.failures} failures, first: ${r.firstFailure}`);
        results.push([`${kind} (${paths.length} URLs)`, r, ((cpuSecondsOf(server.pid) - before) / r.requests) * 1e6]);
      }
    } finally {
      await server.stop();
    }
    console.log([
      `directory search: ${fmtInt(CONTACTS)} contacts, ${fmtInt(numbers)} numbers (stored in ${seedSeconds.toFixed(1)} s), ${CONNECTIONS} connections`,
      ...results.map(([name, r, cpuUs]) =>
        `  ${name.padEnd(28)} p50 ${fmtMs(r.p50Ms)}  p99 ${fmtMs(r.p99Ms)}  max ${fmtMs(r.maxMs)}  ${fmtInt(r.requestsPerSecond)} req/s  server CPU ${fmtInt(cpuUs)} µs per request`),
    ].join("\n"));
    return results.map(([name, r, cpuUs]) => ({
      benchmark: `directory: ${name.replace(/ \(.*/, "")} p99`,
      measured: `${fmtMs(r.p99Ms)} (CPU ${fmtInt(cpuUs)} µs)`,
      target: `≤ ${TARGET_MS} ms`,
      ok: r.p99Ms <= TARGET_MS,
    }));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The URLs of each kind of request, found as a phone finds them: by following the Next softkeys. */
async function requestKinds(port: number): Promise<[string, string[]][]> {
  const base = `/cisco/directory?key=${KEY}`;
  const follow = async (first: string, pages: number): Promise<string[]> => {
    const paths = [first];
    while (paths.length < pages) {
      const body = await (await fetch(`http://127.0.0.1:${port}${paths.at(-1)}`)).text();
      const next = /<SoftKeyItem><Name>Next<\/Name><URL>([^<]+)<\/URL>/.exec(body)?.[1];
      if (!next) break;
      const url = new URL(next.replace(/&amp;/g, "&"));
      paths.push(url.pathname + url.search);
    }
    return paths;
  };
  const searches = async (param: string, terms: string[]) =>
    (await Promise.all(terms.map((t) => follow(`${base}&${param}=${encodeURIComponent(t)}`, SEARCH_PAGES)))).flat();
  const names = ["mü", "muller", "schm", "anna", "anna sch", "wag", "jörg kö", "zoe", "nguyen", "o'brien", "hof", "ma", "stefan",
    "praxis", "bäckerei", "thomas martin", "lukasz", "ga", "k", "xyz"];
  const digits = ["170", "0301", "1234", "4930", "555", "17212", "99999", "040 1", "+49 173", "030 100"];
  const callers = Array.from({ length: 60 }, (_, j) => {
    const c = contact((j * 1663) % CONTACTS).numbers!;
    const written = c[j % c.length].number;
    // As phones pass them: with +, with 00, national, or a number nobody has.
    return j % 4 === 0 ? written.replace(/\D/g, "") : j % 4 === 1 ? written : j % 4 === 2 ? written.replace(/^\+49 /, "0") : `0301${String(j).padStart(7, "0")}`;
  });
  return [
    ["All contacts pages", await follow(`${base}&list=all`, LIST_PAGES)],
    ["name search", await searches("q", names)],
    ["number search", await searches("qn", digits)],
    ["reverse lookup", callers.map((n) => `${base}&n=${encodeURIComponent(n)}`)],
  ];
}
