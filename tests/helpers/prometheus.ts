// Metrics text parsed back with a real Prometheus text parser (DESIGN §7).
import { createRequire } from "node:module";

export interface ParsedSample {
  value?: string;
  labels?: Record<string, string>;
  buckets?: Record<string, string>;
  count?: string;
  sum?: string;
}
export interface ParsedFamily {
  name: string;
  help: string;
  type: "COUNTER" | "GAUGE" | "HISTOGRAM" | "SUMMARY" | "UNTYPED";
  metrics: ParsedSample[];
}

const parser = createRequire(import.meta.url)("parse-prometheus-text-format") as (text: string) => ParsedFamily[];

export function parseMetrics(text: string): Map<string, ParsedFamily> {
  return new Map(parser(text).map((f) => [f.name, f]));
}
