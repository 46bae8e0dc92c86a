// kill -9 of the server while phones post reports and Contact Sync clients upload batches: after a restart every
// request that got a 2xx is there, no batch is half-written, and SQLite's integrity check passes. (WAL with
// synchronous=NORMAL: a committed transaction is in the WAL file — the OS's page cache — when the answer leaves, so
// the death of the process loses nothing; power loss may lose the last transactions, see README "Durability".)
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { openDatabase } from "../../db/open.ts";
import { reportXml } from "../fakes/phone.ts";
import { LOOPBACK_SERVICECONFIG } from "../helpers/server.ts";
import { startServerProcess } from "../helpers/server-process.ts";
import { call, seedAccount } from "../helpers/sip-api.ts";
import { SETTINGS } from "../sync/helpers.ts";

const LOOPS = 3;
const CONTACTS_PER_BATCH = 100;
const macOf = (n: number) => `0011220${n.toString(16).padStart(5, "0")}`;

test("kill -9 during report and contact-batch writes: every answered write survives, none half-written, integrity ok", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "switchboard-crash-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const configDir = join(root, "config");
  mkdirSync(configDir);
  writeFileSync(join(configDir, "serviceconfig.yml"), LOOPBACK_SERVICECONFIG);
  writeFileSync(join(configDir, "switchboard.yml"), SETTINGS);
  const dbPath = join(root, "switchboard.sqlite");
  const seeded = openDatabase(dbPath);
  seedAccount(seeded, { username: "crash", domain: "sip.example.com", password: "pw-crash-1" });
  seeded.close();

  const first = await startServerProcess(t, { configDir, dbPath });
  const signIn = await call(first.url, "POST", "/sso/token", { body: { username: "crash@sip.example.com", password: "pw-crash-1", cloud_id: "c" } });
  assert.equal(signIn.status, 200, signIn.body);
  const bearer = { Authorization: `Bearer ${signIn.json().token}` };
  for (let d = 0; d < LOOPS; d++) assert.equal((await call(first.url, "PUT", `/sync/devices/d${d}`, { headers: bearer, body: { name: `d${d}`, platform: "ios" } })).status, 201);

  const answeredBatches: { device: string; batch: number }[] = [];
  const answeredReports: { id: number; mac: string; n: number }[] = [];
  let sent = 0;
  let killed = false;
  const uploads = async (device: string) => {
    while (!killed) {
      const batch = sent++;
      const upsert = Array.from({ length: CONTACTS_PER_BATCH }, (_, i) => ({ contactId: `b${batch}-${i}`, displayName: `Batch ${batch} #${i}`, contactEntries: [{ entryId: "e", type: "tel", uri: `tel:+4930${batch}${i}` }] }));
      const res = await call(first.url, "POST", `/sync/devices/${device}/contacts`, { headers: bearer, body: { upsert } }).catch(() => undefined);
      if (res && res.status < 300) answeredBatches.push({ device, batch });
    }
  };
  const reports = async () => {
    while (!killed) {
      const n = sent++;
      const body = reportXml(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`Param_${i}_`, `report ${n} value ${i}`])));
      // An answer cut off by the kill counts as not answered.
      const answer = await fetch(`${first.url}/report/${macOf(n)}`, { method: "POST", headers: { "Content-Type": "text/xml" }, body })
        .then(async (res) => (res.ok ? (await res.json()) as { id: number; mac: string } : void (await res.body?.cancel())))
        .catch(() => undefined);
      if (answer) answeredReports.push({ ...answer, n });
    }
  };
  const writers = Array.from({ length: LOOPS }, (_, d) => [uploads(`d${d}`), reports()]).flat();
  // Killed mid-stream: once enough writes were answered, with more of both kinds in flight.
  while (answeredBatches.length < 4 || answeredReports.length < 4) await new Promise((r) => setTimeout(r, 5));
  first.child.kill("SIGKILL");
  killed = true;
  await first.exited;
  await Promise.all(writers);

  const second = await startServerProcess(t, { configDir, dbPath });
  const db = new Database(dbPath, { readonly: true });
  t.after(() => db.close());
  assert.equal(db.pragma("integrity_check", { simple: true }), "ok");
  for (let d = 0; d < LOOPS; d++) {
    const res = await call(second.url, "GET", `/sync/devices/d${d}/checksums`, { headers: bearer });
    assert.equal(res.status, 200, "the token issued before the crash still signs in");
    const perBatch = new Map<string, number>();
    for (const id of Object.keys(res.json())) perBatch.set(id.split("-")[0], (perBatch.get(id.split("-")[0]) ?? 0) + 1);
    for (const [batch, count] of perBatch) assert.equal(count, CONTACTS_PER_BATCH, `batch ${batch} is whole or absent, never half-written`);
    for (const a of answeredBatches.filter((b) => b.device === `d${d}`)) assert.equal(perBatch.get(`b${a.batch}`), CONTACTS_PER_BATCH, `answered batch ${a.batch} survived`);
  }
  const stored = db.prepare("SELECT mac, params FROM reports WHERE id = ?");
  for (const r of answeredReports) {
    const row = stored.get(r.id) as { mac: string; params: string } | undefined;
    assert.ok(row, `answered report ${r.id} survived`);
    assert.equal(JSON.parse(row.params).Param_299_, `report ${r.n} value 299`, "stored whole");
  }
  for (const row of db.prepare("SELECT params FROM reports").all() as { params: string }[]) assert.equal(Object.keys(JSON.parse(row.params)).length, 300, "no report half-written");
});
