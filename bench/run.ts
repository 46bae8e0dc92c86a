// `make bench`: runs each benchmark of DESIGN §8 in turn and prints one table of measured figures and targets.
// A new benchmark is a module exporting `async function run(): Promise<BenchRow[]>`; add it to BENCHMARKS.
import * as accounts from "./accounts.ts";
import * as configRequests from "./config-requests.ts";
import * as contactSync from "./contact-sync.ts";
import * as directorySearch from "./directory-search.ts";
import * as provisioningStorm from "./provisioning-storm.ts";
import * as reportIngestion from "./report-ingestion.ts";
import * as scaleCurve from "./scale-curve.ts";
import type { BenchModule, BenchRow } from "./types.ts";

const BENCHMARKS: [string, BenchModule][] = [
  ["config requests", configRequests],
  ["provisioning storm", provisioningStorm],
  ["report ingestion", reportIngestion],
  ["directory search", directorySearch],
  ["accounts", accounts],
  ["contact sync", contactSync],
  ["scale curve", scaleCurve],
];

async function main(): Promise<void> {
  // BENCH_ONLY=<name> runs just the benchmarks whose name contains it.
  const only = process.env.BENCH_ONLY;
  const rows: BenchRow[] = [];
  let failed = false;
  for (const [name, module] of BENCHMARKS) {
    if (only && !name.includes(only)) continue;
    const started = Date.now();
    try {
      rows.push(...(await module.run()));
    } catch (err) {
      failed = true;
      rows.push({ benchmark: name, measured: `error: ${(err as Error).message.split("\n")[0]}`, target: "—", ok: false });
      console.error(`${name} failed:`, err);
    }
    console.log(`(${name}: ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  console.log(table(rows));
  // Missed targets are reported, not fatal: the figures are the result. A crashed benchmark is.
  process.exitCode = failed ? 1 : 0;
}

function table(rows: BenchRow[]): string {
  const cells = [["benchmark", "measured", "target (DESIGN §8)", "ok?"], ...rows.map((r) => [r.benchmark, r.measured, r.target, r.ok === undefined ? "" : r.ok ? "yes" : "NO"])];
  const widths = cells[0].map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(" | ")} |`;
  return [line(cells[0]), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.slice(1).map(line)].join("\n");
}

void main();
