// What every benchmark module returns: one row per measured figure, compared with its DESIGN §8 target.

export interface BenchRow {
  benchmark: string;
  /** The figure as printed, with its unit ("12,345 req/s", "3.1 ms"). */
  measured: string;
  /** The DESIGN §8 target as printed ("≥ 0.5", "≤ 10 ms"); "—" for figures shown for context only. */
  target: string;
  /** undefined for context-only rows. */
  ok?: boolean;
}

/** A benchmark module: bench/run.ts calls `run()` of each in turn. */
export interface BenchModule {
  run(): Promise<BenchRow[]>;
}

export const fmtInt = (n: number): string => Math.round(n).toLocaleString("en-US");
export const fmtMs = (ms: number): string => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;
export const MB = 1024 * 1024;
export const fmtMB = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;
