// `make soak` (minutes; not part of make test or make bench): everything at once for SOAK_SECONDS (default 180) —
// the 1,000-phone fleet re-syncing and reporting (the provisioning storm's phones, a few at a time), config
// requests and directory searches from wrk, Contact Sync uploads and checksum listings — while the server's RSS is
// sampled every SOAK_SAMPLE_SECONDS (5). Prints the memory curve (start, peak, end, slope), p99 per kind of request
// beside DESIGN §8's targets, and error counts. Exit code 1 when any request failed.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { storedPassword } from "../core/accounts/passwords.ts";
import { createAccount } from "../db/accounts.ts";
import { openDatabase } from "../db/open.ts";
import { acrobitsContacts } from "../tests/fixtures/acrobits-contacts.ts";
import { memoryOf, type Child } from "./child.ts";
import { phoneUserAgent } from "./config-load.ts";
import { seedContacts } from "./contact-seed.ts";
import { contact, nameTerms } from "./directory-search.ts";
import { writeMppConfig } from "./mpp-config.ts";
import { fullReports, percentiles, runStorm, type Body } from "./provisioning-storm.ts";
import { portOf, startSwitchboard } from "./switchboard.ts";
import { fmtInt, fmtMB, fmtMs, MB } from "./types.ts";
import { hasWrk, runWrk, urlListScript, type WrkResult } from "./wrk.ts";

const SECONDS = Number(process.env.SOAK_SECONDS ?? 180);
const SAMPLE_SECONDS = Number(process.env.SOAK_SAMPLE_SECONDS ?? 5);
const PHONES = 1000;
const CONTACTS = Number(process.env.SOAK_CONTACTS ?? 100_000);
const KEY = "office";
const DOMAIN = "soak.example.com";
/** The fleet: phones re-syncing at once (each fetches its profile, then posts its full report). */
const FLEET_CONCURRENCY = 4;
/** Phones per pass of the fleet, so a pass ends close to the end of the run. */
const FLEET_SLICE = 50;
const SYNC_BATCH = 1000;
const SYNC_DEVICES = 10;
const RSS_TARGET = 150 * MB;

interface Kind {
  name: string;
  requests: number;
  p99Ms: number;
  errors: number;
  target: string;
  ok?: boolean;
}

async function main(): Promise<void> {
  if (!hasWrk()) throw new Error("wrk is not installed (make soak installs it as root)");
  const tmp = mkdtempSync(join(tmpdir(), "switchboard-soak-"));
  try {
    const config = writeMppConfig(join(tmp, "config"), PHONES);
    writeFileSync(join(config.dir, "switchboard.yml"), `accounts:\n  sip_domain: ${DOMAIN}\n`);
    const dbPath = join(tmp, "switchboard.sqlite");
    const seeded = seedContacts(dbPath, KEY, CONTACTS, contact);
    const db = openDatabase(dbPath);
    createAccount(db, { username: "soak", domain: DOMAIN, activated: 1 }, [storedPassword({ username: "soak" }, DOMAIN, "soak-pw", "MD5")]);
    db.close();
    const server = await startSwitchboard(config.dir, dbPath, 60_000);
    try {
      console.log(`soak: ${SECONDS} s; ${fmtInt(PHONES)} phones (${config.commonParams} common parameters), ${fmtInt(CONTACTS)} contacts (${seeded.from} in ${seeded.seconds.toFixed(1)} s); start-up ${fmtInt(server.startupMs)} ms`);
      await soak(server, tmp, config.macs, fullReports(config));
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function soak(server: Child, tmp: string, macs: string[], reportOf: (i: number) => Body): Promise<void> {
  const port = portOf(server);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + SECONDS * 1000;
  const rss = sampleRss(server.pid);
  const configLoad = runWrk({
    url: base, threads: 1, connections: 4, seconds: SECONDS,
    ...urlListScript({ dir: join(tmp, "wrk-config"), requests: macs.map((mac) => ({ path: `/${mac}.xml`, userAgent: phoneUserAgent(mac) })), threads: 1, mode: "cycle" }),
  });
  const searchLoad = runWrk({
    url: base, threads: 1, connections: 2, seconds: SECONDS,
    ...urlListScript({ dir: join(tmp, "wrk-search"), requests: nameTerms().map((t) => ({ path: `/cisco/directory?key=${KEY}&q=${encodeURIComponent(t)}` })), threads: 1, mode: "cycle" }),
  });
  const [fleet, sync, config, search] = await Promise.all([runFleet(port, macs, reportOf, deadline), runSync(base, deadline), configLoad, searchLoad]);
  const samples = rss.stop();

  const fromWrk = (name: string, r: WrkResult, target: string, ok?: boolean): Kind => ({ name, requests: r.requests, p99Ms: r.p99, errors: r.failures, target, ok });
  const fromMs = (name: string, ms: number[], errors: number, target: string, limitMs?: number): Kind => {
    const p99Ms = ms.length ? percentiles(Float64Array.from(ms, (x) => x * 1000)).p99Ms : NaN;
    return { name, requests: ms.length, p99Ms, errors, target, ok: limitMs === undefined ? undefined : p99Ms <= limitMs };
  };
  const kinds: Kind[] = [
    fromWrk("config request (wrk, 4 connections)", config, "— (≤ 2 × bare node:http p99: make bench)"),
    fromMs("fleet: profile GET (errors: GET and POST)", fleet.profileMs, fleet.errors, "—"),
    fromMs("fleet: report POST (1,100 parameters)", fleet.reportMs, 0, "—"),
    fromWrk(`directory search, ${fmtInt(CONTACTS / 1000)}k contacts (wrk, 2 connections)`, search, "p99 ≤ 5 ms", search.p99 <= 5),
    fromMs(`sync upload of ${fmtInt(SYNC_BATCH)} contacts`, sync.uploadMs, sync.errors, "≤ 2 s (for 10,000)", 2000),
    fromMs(`sync checksums of ${fmtInt(SYNC_BATCH)}`, sync.checksumMs, 0, "≤ 100 ms", 100),
  ];
  const errors = kinds.reduce((n, k) => n + k.errors, 0);

  const mb = (b: number) => fmtMB(b);
  const peak = Math.max(...samples.map((s) => s.rss));
  const settled = samples.slice(Math.floor(samples.length / 5)); // the first fifth is warm-up (caches fill)
  console.log(`\nmemory (RSS every ${SAMPLE_SECONDS} s): ${samples.map((s) => `${Math.round(s.seconds)}s ${(s.rss / MB).toFixed(0)}`).join(", ")} MB`);
  console.log(`  start ${mb(samples[0].rss)}, peak ${mb(peak)} (DESIGN §8's ≤ 150 MB is for the config load alone, without report and sync workers: ${peak <= RSS_TARGET ? "within" : "above"}), end ${mb(samples.at(-1)!.rss)}; slope after warm-up ${slopeMbPerMinute(settled).toFixed(2)} MB/min`);
  console.log(`\n${table(kinds)}`);
  console.log(`\n${fmtInt(errors)} errors${errors ? `: ${[...fleet.errorKinds, ...sync.errorKinds].join("; ")}` : ""}; machine load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
  process.exitCode = errors ? 1 : 0;
}

/** The fleet a slice at a time, until the deadline: each phone fetches its profile, then posts its report. */
async function runFleet(port: number, macs: string[], reportOf: (i: number) => Body, deadline: number) {
  const profileMs: number[] = [];
  const reportMs: number[] = [];
  const errorKinds: string[] = [];
  let errors = 0;
  for (let first = 0; Date.now() < deadline; first = (first + FLEET_SLICE) % macs.length) {
    const r = await runStorm(port, macs.slice(first, first + FLEET_SLICE), reportOf, FLEET_CONCURRENCY, first);
    for (const us of r.profileUs) profileMs.push(us / 1000);
    for (const us of r.reportUs) reportMs.push(us / 1000);
    errors += r.failures;
    for (const [why, k] of r.failureKinds) errorKinds.push(`fleet: ${k.count} × ${why} (${k.example})`);
  }
  return { profileMs, reportMs, errors, errorKinds };
}

/** A Contact Sync app uploading a batch to one of its devices, then listing checksums, about once a second. */
async function runSync(base: string, deadline: number) {
  const uploadMs: number[] = [];
  const checksumMs: number[] = [];
  const errorKinds: string[] = [];
  let errors = 0;
  const signIn = await fetch(`${base}/sso/token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: "soak", password: "soak-pw", cloud_id: "soak" }) });
  if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
  const headers = { Authorization: `Bearer ${((await signIn.json()) as { token: string }).token}`, "Content-Type": "application/json" };
  const timed = async (method: string, path: string, body?: string): Promise<number | undefined> => {
    const started = performance.now();
    try {
      const res = await fetch(base + path, { method, headers, body });
      await res.arrayBuffer();
      if (res.ok) return performance.now() - started;
      errorKinds.push(`sync: HTTP ${res.status} for ${method} ${path}`);
    } catch (err) {
      errorKinds.push(`sync: ${(err as Error).message} for ${method} ${path}`);
    }
    errors++;
    return undefined;
  };
  for (let d = 0; d < SYNC_DEVICES; d++) await timed("PUT", `/sync/devices/soak-${d}`, "{}");
  // Each round edits the contacts (a new checksum), as an app uploads what changed.
  for (let round = 0; Date.now() < deadline; round++) {
    const device = `/sync/devices/soak-${round % SYNC_DEVICES}`;
    const upload = await timed("POST", `${device}/contacts`, JSON.stringify({ upsert: acrobitsContacts(SYNC_BATCH).map((c) => ({ ...c, notes: `round ${round}` })) }));
    if (upload !== undefined) uploadMs.push(upload);
    const listing = await timed("GET", `${device}/checksums`);
    if (listing !== undefined) checksumMs.push(listing);
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { uploadMs, checksumMs, errors, errorKinds };
}

function sampleRss(pid: number): { stop(): { seconds: number; rss: number }[] } {
  const started = Date.now();
  const samples: { seconds: number; rss: number }[] = [];
  const take = () => samples.push({ seconds: (Date.now() - started) / 1000, rss: memoryOf(pid).rssBytes });
  take();
  const timer = setInterval(take, SAMPLE_SECONDS * 1000);
  return {
    stop() {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

/** Least-squares slope of RSS over time, in MB per minute: flat memory is close to 0. */
function slopeMbPerMinute(samples: { seconds: number; rss: number }[]): number {
  if (samples.length < 2) return NaN;
  const n = samples.length;
  const mx = samples.reduce((s, p) => s + p.seconds, 0) / n;
  const my = samples.reduce((s, p) => s + p.rss, 0) / n;
  const num = samples.reduce((s, p) => s + (p.seconds - mx) * (p.rss - my), 0);
  const den = samples.reduce((s, p) => s + (p.seconds - mx) ** 2, 0);
  return (num / den) * 60 / MB;
}

function table(kinds: Kind[]): string {
  const cells = [["request", "requests", "p99", "errors", "target (DESIGN §8)", "ok?"], ...kinds.map((k) => [k.name, fmtInt(k.requests), fmtMs(k.p99Ms), fmtInt(k.errors), k.target, k.ok === undefined ? "" : k.ok ? "yes" : "NO"])];
  const widths = cells[0].map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(" | ")} |`;
  return [line(cells[0]), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.slice(1).map(line)].join("\n");
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
