// DESIGN §8 contact sync, against the real server (a child process): a device's first upload of 10,000 Acrobits
// contacts in one batch (≤ 2 s, each round to a new device, so every one writes 10,000 rows) and the checksum
// listing of those 10,000 (≤ 100 ms, p99 under load from wrk). Beside them, for context: a re-sync of 10 changed
// contacts, the server's CPU per upload and per listing, and how long the event loop was held during an upload
// (the slowest /health answer while one is written).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { storedPassword } from "../core/accounts/passwords.ts";
import { createAccount } from "../db/accounts.ts";
import { openDatabase } from "../db/open.ts";
import { acrobitsContact, acrobitsContacts } from "../tests/fixtures/acrobits-contacts.ts";
import { cpuSecondsOf, type Child } from "./child.ts";
import { portOf, startSwitchboard } from "./switchboard.ts";
import { fmtInt, fmtMs, type BenchRow } from "./types.ts";
import { hasWrk, runWrk } from "./wrk.ts";

const CONTACTS = 10_000;
const ROUNDS = 5;
const DOMAIN = "bench.example.com";
const UPLOAD_TARGET_MS = 2000;
const CHECKSUMS_TARGET_MS = 100;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 9) / 3;

export async function run(): Promise<BenchRow[]> {
  const tmp = mkdtempSync(join(tmpdir(), "switchboard-bench-sync-"));
  try {
    const configDir = join(tmp, "config");
    mkdirSync(configDir);
    writeFileSync(join(configDir, "switchboard.yml"), `accounts:\n  sip_domain: ${DOMAIN}\n`);
    const dbPath = join(tmp, "switchboard.sqlite");
    const db = openDatabase(dbPath);
    createAccount(db, { username: "bench", domain: DOMAIN, activated: 1 }, [storedPassword({ username: "bench" }, DOMAIN, "bench-pw", "MD5")]);
    db.close();
    const server = await startSwitchboard(configDir, dbPath);
    try {
      return await measure(server, `http://127.0.0.1:${portOf(server)}`);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function measure(server: Child, base: string): Promise<BenchRow[]> {
  const signIn = await fetch(`${base}/sso/token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: "bench", password: "bench-pw", cloud_id: "bench" }) });
  if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
  const auth = { Authorization: `Bearer ${((await signIn.json()) as { token: string }).token}` };
  const call = async (method: string, path: string, body?: string): Promise<Response> => {
    const res = await fetch(base + path, { method, headers: { ...auth, "Content-Type": "application/json" }, body });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
    return res;
  };
  const batch = JSON.stringify({ upsert: acrobitsContacts(CONTACTS) });

  // A warm-up round (worker thread, statement cache), then the measured rounds, each to a device of its own.
  await call("PUT", "/sync/devices/warm-up", "{}");
  await call("POST", "/sync/devices/warm-up/contacts", batch);
  const uploads: { ms: number; cpuMs: number; stallMs: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    await call("PUT", `/sync/devices/device-${r}`, "{}");
    const probe = probeHealth(base);
    const cpu = cpuSecondsOf(server.pid);
    const started = performance.now();
    const res = await call("POST", `/sync/devices/device-${r}/contacts`, batch);
    const ms = performance.now() - started;
    const cpuMs = (cpuSecondsOf(server.pid) - cpu) * 1000;
    const { contact_count } = (await res.json()) as { contact_count: number };
    if (contact_count !== CONTACTS) throw new Error(`the device holds ${contact_count} contacts, not ${CONTACTS}`);
    uploads.push({ ms, cpuMs, stallMs: await probe.stop() });
  }
  const changed = JSON.stringify({ upsert: [3, 500, 999, 2000, 4000, 5000, 6000, 7000, 8000, 9999].map((i) => acrobitsContact(i, 1)) });
  const resyncStarted = performance.now();
  await call("POST", "/sync/devices/device-0/contacts", changed);
  const resyncMs = performance.now() - resyncStarted;

  const listing = await checksumListing(server, base, auth);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const upload = { ms: median(uploads.map((u) => u.ms)), max: Math.max(...uploads.map((u) => u.ms)), cpuMs: median(uploads.map((u) => u.cpuMs)), stallMs: Math.max(...uploads.map((u) => u.stallMs)) };
  console.log([
    `contact sync: ${fmtInt(CONTACTS)} contacts in one batch (${(batch.length / 1024 / 1024).toFixed(1)} MB), ${ROUNDS} rounds to new devices`,
    `  upload: median ${fmtMs(upload.ms)}, slowest ${fmtMs(upload.max)}, server CPU ${fmtMs(upload.cpuMs)} per upload (parse in a worker + one transaction)`,
    `  event loop during an upload: slowest /health answer ${fmtMs(upload.stallMs)}`,
    `  re-sync of 10 changed contacts (${fmtInt(changed.length)} bytes): ${fmtMs(resyncMs)}`,
    `  checksums of ${fmtInt(CONTACTS)}: ${listing.line}`,
  ].join("\n"));
  return [
    { benchmark: `contact sync: upload ${fmtInt(CONTACTS)} in one batch`, measured: `${fmtMs(upload.ms)} (${fmtMs(upload.cpuMs)} server CPU)`, target: "≤ 2 s", ok: upload.max <= UPLOAD_TARGET_MS },
    { benchmark: "contact sync: event loop held during an upload", measured: fmtMs(upload.stallMs), target: "—" },
    { benchmark: `contact sync: checksums of ${fmtInt(CONTACTS)}`, measured: listing.measured, target: "≤ 100 ms", ok: listing.p99 <= CHECKSUMS_TARGET_MS },
  ];
}

/** /health asked again and again while an upload runs: the slowest answer is how long the event loop was held. */
function probeHealth(base: string): { stop(): Promise<number> } {
  let running = true;
  let slowest = 0;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await (await fetch(`${base}/health`)).arrayBuffer();
      slowest = Math.max(slowest, performance.now() - started);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return slowest;
    },
  };
}

/** p99 of GET …/checksums under wrk at 2 connections (a few apps at once, not a storm); sequential fetches without wrk. */
async function checksumListing(server: Child, base: string, auth: Record<string, string>): Promise<{ p99: number; measured: string; line: string }> {
  const url = `${base}/sync/devices/device-1/checksums`;
  if (!hasWrk()) {
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      await (await fetch(url, { headers: auth })).arrayBuffer();
      times.push(performance.now() - started);
    }
    const p99 = [...times].sort((a, b) => a - b)[Math.floor(times.length * 0.99)];
    return { p99, measured: `p99 ${fmtMs(p99)} (50 requests; wrk not installed)`, line: `p99 ${fmtMs(p99)} over 50 sequential requests` };
  }
  const cpu = cpuSecondsOf(server.pid);
  const r = await runWrk({ url, threads: 1, connections: 2, seconds: SECONDS, headers: auth });
  const cpuMs = ((cpuSecondsOf(server.pid) - cpu) / r.requests) * 1000;
  if (r.failures) throw new Error(`${r.failures} checksum listings failed`);
  return {
    p99: r.p99,
    measured: `p99 ${fmtMs(r.p99)} (${fmtMs(cpuMs)} server CPU)`,
    line: `${fmtInt(r.requestsPerSecond)} req/s at 2 connections, p50 ${fmtMs(r.p50)}, p99 ${fmtMs(r.p99)}, server CPU ${fmtMs(cpuMs)} per listing`,
  };
}
