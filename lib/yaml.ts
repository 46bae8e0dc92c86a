// YAML loading with errors a person can act on: file, line and problem.
import { createRequire } from "node:module";
import type { Document } from "yaml";

// The yaml package is loaded when YAML is first read or written: a restart whose config comes from the parse cache
// (lib/yaml-cache.ts) does not wait for its ~60 modules.
const require = createRequire(import.meta.url);
let yamlPackage: typeof import("yaml") | undefined;
const yaml = (): typeof import("yaml") => (yamlPackage ??= require("yaml") as typeof import("yaml"));

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
  const deep = deeplyNestedLine(source);
  if (deep !== undefined) throw new ConfigError({ file, line: deep, message: `nested deeper than ${YAML_MAX_NESTING} levels` });
  try {
    return parseYamlText(source, file, textScalars);
  } catch (err) {
    // The yaml package reads nesting by recursion: a few thousand `- ` or `[` exhaust the stack.
    if (err instanceof RangeError) throw new ConfigError({ file, message: "the file is nested too deeply to read" });
    // Building the values: an alias to no anchor, or too many aliases (a "billion laughs").
    if (err instanceof ReferenceError) throw new ConfigError({ file, message: err.message });
    throw err;
  }
}

function parseYamlText(source: string, file: string, textScalars: boolean): unknown {
  // The yaml package's own uniqueKeys check scans a map's earlier keys for every key: quadratic in a map's size,
  // minutes for a phones.yml of 50,000 phones. duplicateKey() below does the same check with a Set.
  const { LineCounter, parseDocument } = yaml();
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

/** Nesting no config needs; the yaml package reads nesting by recursion, and a thousand levels crash the process. */
export const YAML_MAX_NESTING = 100;

/**
 * The line where the nesting first goes deeper than YAML_MAX_NESTING, if it does: `[`/`{` open outside quoted
 * text and comments, or a line's indentation plus its leading `- `/`? ` entries (two columns a level). A rough,
 * linear count that errs on the side of reading: only absurd files are refused. The check is needed because past
 * some depth V8 fails to compile a regular expression on the nearly full stack and ends the process, which no
 * catch can stop.
 */
function deeplyNestedLine(source: string): number | undefined {
  let flow = 0;
  let line = 1;
  let lineStart = true;
  let column = 0;
  let compact = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\n") {
      line++;
      lineStart = true;
      column = 0;
      compact = 0;
      continue;
    }
    const before = i === 0 ? "\n" : source[i - 1];
    if (lineStart) {
      if (c === " ") column++;
      else if ((c === "-" || c === "?") && (source[i + 1] === " " || source[i + 1] === "\t")) {
        compact++;
        i++;
      } else lineStart = false;
      if (column / 2 + compact > YAML_MAX_NESTING) return line;
      if (lineStart) continue;
    }
    if (c === "#" && /\s/.test(before)) {
      while (i + 1 < source.length && source[i + 1] !== "\n") i++;
    } else if ((c === '"' || c === "'") && /[\s[{,:]/.test(before)) {
      // A quoted scalar: skip to its end (a doubled '' or an escaped \" stays inside).
      for (i++; i < source.length; i++) {
        if (source[i] === "\n") line++;
        if (c === '"' && source[i] === "\\") i++;
        else if (source[i] === c && !(c === "'" && source[i + 1] === "'")) break;
        else if (c === "'" && source[i] === "'") i++;
      }
    } else if (c === "[" || c === "{") {
      if (++flow > YAML_MAX_NESTING) return line;
    } else if ((c === "]" || c === "}") && flow > 0) flow--;
  }
  return undefined;
}

/** Where the first key that repeats an earlier key of its map starts (scalar keys, compared by value), if any. */
function duplicateKey(doc: Document): number | undefined {
  let at: number | undefined;
  const { isScalar, visit } = yaml();
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
  return yaml().stringify(value, quoteStrings ? { lineWidth: 0, defaultStringType: "QUOTE_SINGLE", defaultKeyType: "PLAIN" } : { lineWidth: 0 });
}
