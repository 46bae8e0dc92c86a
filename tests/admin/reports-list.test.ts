// /api/admin/reports as the reports page reads it: one row per phone (its newest report and how many it sent),
// filtered by part of a phone's name or MAC, 50 to a page; ?mac= every report of one phone, paged too.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { addReport } from "../../db/reports.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const FILES = {
  "phones.yml": `phones:
  desk: {mac: "001122334455", label: Front desk}
  lobby: {mac: "00112233aa66", label: Lobby}
`,
};

let server: TestServer;
const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
let n = 0;
const report = (mac: string) => addReport(server.app.db, {
  mac, receivedAt: at(n++), clientIp: "10.0.0.9", userAgent: "test", reportType: "status", paramsJson: "{}", paramCount: 0, rawXml: "<flat-profile/>",
}, 1000);

before(async () => {
  server = await startTestServer(FILES);
  // 60 phones not in phones.yml report once; then the lobby twice and the desk 120 times (a chatty phone).
  for (let i = 0; i < 60; i++) report(`0a0000000${String(i).padStart(3, "0")}`);
  report("00112233aa66");
  report("00112233aa66");
  for (let i = 0; i < 120; i++) report("001122334455");
});
after(() => server.close());

const list = async (qs: string) => {
  const res = await server.get(`/api/admin/reports${qs}`);
  assert.equal(res.status, 200, res.body);
  return JSON.parse(res.body);
};

test("a chatty phone is one row with its count, not 120 rows burying the others", async () => {
  const d = await list("");
  assert.equal(d.total, 62, "62 phones reported");
  assert.equal(d.reports.length, 50, "50 to a page");
  assert.deepEqual(d.reports.slice(0, 2).map((r: { mac: string; report_count: number; phone: string | null }) => [r.mac, r.report_count, r.phone]),
    [["001122334455", 120, "Front desk"], ["00112233aa66", 2, "Lobby"]], "newest first, named from phones.yml");
  assert.equal(d.reports[0].received_at, at(181), "the phone's newest report");
  assert.equal(new Set(d.reports.map((r: { mac: string }) => r.mac)).size, 50);
});

test("pages: the second page holds the rest; a page past the end is the last one", async () => {
  const first = await list("?page=1");
  const second = await list("?page=2");
  assert.deepEqual([second.page, second.pages, second.reports.length], [2, 2, 12]);
  const macs = [...first.reports, ...second.reports].map((r: { mac: string }) => r.mac);
  assert.equal(new Set(macs).size, 62, "no phone on two pages, none left out");
  assert.equal((await list("?page=99")).page, 2);
  assert.equal((await list("?page=nonsense")).page, 1);
});

test("the filter finds a phone by part of its name, any case", async () => {
  const d = await list("?q=DESK");
  assert.deepEqual(d.reports.map((r: { mac: string }) => r.mac), ["001122334455"]);
  assert.equal(d.total, 1);
});

test("the filter finds phones by part of their MAC, written with or without separators", async () => {
  assert.deepEqual((await list("?q=33:aa")).reports.map((r: { mac: string }) => r.mac), ["00112233aa66"]);
  assert.deepEqual((await list("?q=4455")).reports.map((r: { mac: string }) => r.mac), ["001122334455"]);
  assert.equal((await list("?q=0a-00-00-00-00-1")).total, 10, "0a00000000 + 10…19");
  assert.equal((await list("?q=nobody")).total, 0, "a word that is no name and no hex finds nothing");
});

test("show all: every report of one phone, newest first, paged", async () => {
  const d = await list("?mac=00:11:22:33:44:55");
  assert.deepEqual([d.mac, d.total, d.pages, d.reports.length, d.reports[0].phone], ["001122334455", 120, 3, 50, "Front desk"]);
  assert.equal(d.reports[0].received_at, at(181));
  const last = await list("?mac=001122334455&page=3");
  assert.equal(last.reports.length, 20);
  assert.equal(last.reports.at(-1).received_at, at(62), "the oldest on the last page");
  assert.equal((await server.get("/api/admin/reports?mac=nope")).status, 400);
});
