// YAML loading with errors a person can act on: file, line and problem.
import { isScalar, LineCounter, parseDocument, stringify, visit, type Document } from "yaml";

export interface ConfigProblem {
  file: string;
  line?: number;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problem: ConfigProblem) {
    super(`${problem.file}${problem.line ? `:${problem.line}` : ""}: ${problem.message}`);
  }
}

export const YAML_SIZE_LIMIT = 16 * 1024 * 1024;

/**
 * Parses YAML text. `textScalars` keeps every scalar as the text written in the file (the failsafe
 * schema), which is what parameter files need: `0600` stays "0600" and `Yes` stays "Yes".
 */
export function parseYaml(source: string, file: string, textScalars = false): unknown {
  if (source.length > YAML_SIZE_LIMIT) throw new ConfigError({ file, message: `file is larger than ${YAML_SIZE_LIMIT} bytes` });
  // The yaml package's own uniqueKeys check scans a map's earlier keys for every key: quadratic in a map's size,
  // minutes for a phones.yml of 50,000 phones. duplicateKey() below does the same check with a Set.
  const lines = new LineCounter();
  const doc = parseDocument(source, { schema: textScalars ? "failsafe" : "core", uniqueKeys: false, lineCounter: lines });
  const err = doc.errors[0];
  if (err) {
    throw new ConfigError({ file, line: err.linePos?.[0]?.line, message: err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "") });
  }
  const duplicate = duplicateKey(doc);
  if (duplicate !== undefined) throw new ConfigError({ file, line: lines.linePos(duplicate).line, message: "Map keys must be unique" });
  return doc.toJS({ maxAliasCount: 1000 });
}

/** Where the first key that repeats an earlier key of its map starts (scalar keys, compared by value), if any. */
function duplicateKey(doc: Document): number | undefined {
  let at: number | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        if (!isScalar(key)) continue;
        if (seen.has(key.value)) {
          at = key.range?.[0] ?? 0;
          return visit.BREAK;
        }
        seen.add(key.value);
      }
      return undefined;
    },
  });
  return at;
}

/** Finds the line of a top-level or nested key in YAML text, for validation messages. */
export function lineOfKey(source: string, key: string): number | undefined {
  const re = new RegExp(`^\\s*['"]?${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}['"]?\\s*:`, "m");
  const m = re.exec(source);
  return m ? source.slice(0, m.index).split("\n").length : undefined;
}

/** `quoteStrings` single-quotes every string value, so YAML 1.1 readers do not turn "Yes" or "0600" into other types. */
export function toYaml(value: unknown, quoteStrings = false): string {
  return stringify(value, quoteStrings ? { lineWidth: 0, defaultStringType: "QUOTE_SINGLE", defaultKeyType: "PLAIN" } : { lineWidth: 0 });
}
