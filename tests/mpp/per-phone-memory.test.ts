// Memory per phone (DESIGN §8: RSS ≤ 400 MB at 50,000 phones): phones share the encoded common parameters, the
// per-phone share of the profile caches, the remembered answer, the sighting and the metric series stays small,
// and start-up work over every phone's parameters allocates nothing per parameter it has nothing to say about.
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Session } from "node:inspector/promises";
import { after, before, test } from "node:test";
import { answerProfileRequest } from "../../core/mpp/provision.ts";
import { mergeParams, renderParams } from "../../core/mpp/profile.ts";
import { startupBanner } from "../../core/startup-banner.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const PHONES = 2000;
const mac = (i: number) => `0c1167${(0x100000 + i).toString(16).slice(-6)}`;
const userAgent = (i: number) => `Cisco-CP-8851-3PCC/12.0.1 (${mac(i).toUpperCase()})`;
// Like a real office's: hundreds of common parameters, each phone a few of its own (one replacing a common one).
const commonLines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `  Parameter_${from + i}_: "value number ${from + i}"\n`).join("");
const COMMON = `common:\n${commonLines(0, 200)}  Station_Display_Name: ""\n${commonLines(200, 400)}`;
const phone = (i: number) =>
  `  phone-${i}:\n    mac: "${mac(i)}"\n    ip_address: 10.20.${i >> 8}.${i & 255}\n    Station_Name: phone-${i}\n` +
  `    Station_Display_Name: "Mitarbeiter ${i}"\n    User_ID_1_: "${2000 + i}"\n    Password_1_: "pw-${i}"\n`;

let server: TestServer;
before(async () => (server = await startTestServer({
  "common.yml": COMMON,
  "phones.yml": `phones:\n${Array.from({ length: PHONES }, (_, i) => phone(i)).join("")}`,
  "serviceconfig.yml": "ip_whitelist: [127.0.0.1]\nauth:\n  enabled: false\n",
})));
after(() => server.close());

const fetchProfile = (i: number): Buffer[] => {
  const answer = answerProfileRequest(server.app, { id: mac(i), userAgent: userAgent(i), clientIp: "127.0.0.1" });
  assert.equal(answer.kind, "profile");
  return answer.body as Buffer[];
};

test("phones that set the same parameters share the common slices of their profiles, byte for byte a whole render", () => {
  const [a, b] = [fetchProfile(0), fetchProfile(1)];
  const config = server.app.store.config;
  for (const [i, chunks] of [[0, a], [1, b]] as const) {
    const whole = renderParams(mergeParams(config.common, config.phoneIndex.byMac.get(mac(i))!.params), config.schema.xmlPath);
    assert.equal(Buffer.concat(chunks).toString("utf8"), whole);
  }
  // The head, the common lines before Station_Display_Name and those after it: the same buffers, not copies.
  assert.ok(a.filter((c) => b.includes(c)).length >= 3, `shared: ${a.filter((c) => b.includes(c)).length} of ${a.length}`);
});

test("a phone that fetched its profile keeps under 1.5 KB of heap for it (answer, sighting, metric series, chunks)", () => {
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  fetchProfile(2);
  server.app.sightings.flush();
  const start = heap();
  for (let i = 3; i < PHONES; i++) fetchProfile(i);
  for (let i = 3; i < PHONES; i++) fetchProfile(i);
  server.app.sightings.flush();
  const perPhone = (heap() - start) / (PHONES - 3);
  console.log(`per phone: ${Math.round(perPhone)} bytes`);
  assert.ok(perPhone < 1536, `${Math.round(perPhone)} bytes per phone`);
});

test("the start-up banner's localhost check allocates nothing for parameters that hold no URL", async () => {
  const session = new Session();
  session.connect();
  // Every allocation counts, also what the next collection frees: the peak a start-up reaches is made of those.
  await session.post("HeapProfiler.startSampling", { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const banner = startupBanner(server.app.store.config, server.app.db, { host: "127.0.0.1", port: 8080 }, 0);
  const { profile } = await session.post("HeapProfiler.stopSampling");
  session.disconnect();
  type Node = { callFrame: { functionName: string }; selfSize: number; children: Node[] };
  const inBanner = (n: Node, inside: boolean): number => {
    const here = inside || n.callFrame.functionName === "startupBanner";
    return (here ? n.selfSize : 0) + n.children.reduce((sum, c) => sum + inBanner(c, here), 0);
  };
  const allocated = inBanner(profile.head as Node, false);
  assert.ok(allocated < 1024 * 1024, `${Math.round(allocated / 1024)} KB for ${PHONES} phones' parameters`);
  assert.ok(!banner.warnings.some((w) => w.includes("names localhost")));
});
