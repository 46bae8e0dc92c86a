// The route table as documentation: which file defines each module (for `cli routes` and README's table) and what
// its header comment says (for the API page at /api). Part of the table's vocabulary, like guards.ts.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describeRoutes } from "../lib/router.ts";
import { routes } from "./table.ts";

const ROUTES_DIR = dirname(fileURLToPath(import.meta.url));

export interface SiteMapEntry {
  methods: string[];
  /** The path as the table writes it, with its query condition ("/?key=…"). */
  path: string;
  guard: string;
  /** routes/… of the module that answers. */
  file: string;
  /** The module's header comment, one paragraph. */
  summary: string;
}

/** Every entry of the route table, in table order, with the file of its module (found by importing routes/). */
export async function siteMap(): Promise<SiteMapEntry[]> {
  const files = new Map<unknown, string>();
  for (const file of readdirSync(ROUTES_DIR, { recursive: true, encoding: "utf8" }).sort()) {
    if (file.endsWith(".ts")) files.set(await import(pathToFileURL(join(ROUTES_DIR, file)).href), file);
  }
  return (await describeRoutes(routes)).map((r) => {
    const file = files.get(r.module);
    return {
      methods: r.methods,
      path: r.query ? `${r.path}?${r.query.map((q) => `${q}=…`).join(" or ")}` : r.path,
      guard: r.guard,
      file: file ? `routes/${file}` : "?",
      summary: file ? headerComment(join(ROUTES_DIR, file)) : "",
    };
  });
}

/** The leading // comment lines of a source file, joined into one paragraph. */
function headerComment(path: string): string {
  const lines: string[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.startsWith("//")) break;
    lines.push(line.replace(/^\/\/\s?/, ""));
  }
  return lines.join(" ").replace(/\s+/g, " ").trim();
}
