// Parsed YAML kept as JSON between starts. The yaml package reads a phones.yml of 1,000 phones in about half a
// second (50,000 phones: many seconds), while the same data as JSON parses in milliseconds; config files change
// far less often than the server restarts. An entry is used only for the very text it was parsed from (SHA-256
// of the text and the parse options), so an edited file is always parsed afresh and its errors are reported.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseYaml } from "./yaml.ts";

// Bumped when what parseYaml returns for the same text changes.
const FORMAT = "switchboard-yaml-cache-1";

export class YamlParseCache {
  constructor(private readonly dir: string) {}

  /** parseYaml(source, file, textScalars), from the cache when this exact text was parsed before. */
  parse(source: string, file: string, textScalars = false): unknown {
    const key = createHash("sha256").update(`${FORMAT}\0${textScalars}\0`).update(source).digest("hex");
    const path = join(this.dir, `${encodeURIComponent(file)}.json`);
    const cached = this.read(path, key);
    if (cached.hit) return cached.value;
    const value = parseYaml(source, file, textScalars);
    if (isPlainJson(value)) this.write(path, key, value);
    return value;
  }

  private read(path: string, key: string): { hit: boolean; value?: unknown } {
    try {
      const entry = JSON.parse(readFileSync(path, "utf8")) as { key?: unknown; value?: unknown };
      return entry.key === key ? { hit: true, value: entry.value } : { hit: false };
    } catch {
      // No entry yet, or one that cannot be read: parsed afresh and rewritten.
      return { hit: false };
    }
  }

  private write(path: string, key: string, value: unknown): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      // Whole or not at all: a crash mid-write leaves the old entry (or none), never half of one.
      const partial = `${path}.${process.pid}.partial`;
      writeFileSync(partial, JSON.stringify({ key, value }));
      renameSync(partial, path);
    } catch {
      // A read-only or full disk: the config is still parsed, only not remembered.
    }
  }
}

/** Whether JSON brings the value back exactly: only plain objects, arrays, strings, finite numbers, booleans, null. */
function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype || Object.hasOwn(value, "__proto__")) return false;
  return Object.values(value as Record<string, unknown>).every(isPlainJson);
}
