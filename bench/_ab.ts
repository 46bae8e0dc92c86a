// Temporary A/B: the base commit's server and this one's on the same config, alternating wrk rounds.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startChild } from "./child.ts";
import { mergeRounds, phoneUserAgent, wrkWithCpu, type Loaded } from "./config-load.ts";
import { writeMppConfig } from "./mpp-config.ts";
import { portOf } from "./switchboard.ts";
import { urlListScript } from "./wrk.ts";
const tmp = mkdtempSync(join(tmpdir(), "ab-"));
const config = writeMppConfig(join(tmp, "config"), 1000);
const start = async (root: string, db: string) => startChild({ cwd: root, args: ["--max-semi-space-size=4", "--import", "tsx", "server.ts"], env: { PORT: String(await freePort()), HOST: "127.0.0.1", SWITCHBOARD_CONFIG_DIR: config.dir, SWITCHBOARD_DB: join(tmp, db), LOG_LEVEL: "silent" }, timeoutMs: 60000 });
const a = await start("/tmp/wtb/base", "a.sqlite");
const b = await start("/work/wt-bench", "b.sqlite");
const script = urlListScript({ dir: join(tmp, "w"), requests: config.macs.map((mac) => ({ path: `/${mac}.xml`, userAgent: phoneUserAgent(mac) })), threads: 2, mode: "cycle" });
const load = (c: typeof a, s: number) => wrkWithCpu(c, { url: `http://127.0.0.1:${portOf(c)}`, threads: 2, connections: 64, seconds: s, ...script });
await load(a, 2); await load(b, 2);
const ra: Loaded[] = [], rb: Loaded[] = [];
for (let i = 0; i < Number(process.env.ROUNDS ?? 4); i++) { ra.push(await load(a, 3)); rb.push(await load(b, 3)); }
const A = mergeRounds(ra), B = mergeRounds(rb);
console.log(`base: ${Math.round(A.requestsPerSecond)} req/s, ${A.serverUs.toFixed(1)} µs/req, p99 ${A.p99} ms;  branch: ${Math.round(B.requestsPerSecond)} req/s, ${B.serverUs.toFixed(1)} µs/req, p99 ${B.p99} ms`);
console.log("rounds base", ra.map((r) => r.serverUs.toFixed(0)).join(" "), "branch", rb.map((r) => r.serverUs.toFixed(0)).join(" "));
await a.stop(); await b.stop();
