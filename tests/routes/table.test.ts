// The route table as the site map: every URL's module lives at the URL's path, README's table is the table, and
// no route module translates errors itself (the dispatcher's funnel does).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { routeListing } from "../../cli.ts";
import { describeRoutes } from "../../lib/router.ts";
import { routes } from "../../routes/table.ts";

const ROOT = join(import.meta.dirname, "../..");

/** routes/<file> by the rule written at the top of routes/table.ts. */
function fileOf(path: string): string {
  const parts = path.replace(/\.php$/, "").split("/").slice(1);
  if (parts.length === 1 && parts[0] === "") return "routes/index.ts";
  const named = parts.map((p) => (p.startsWith("*") ? `[...${p.slice(1)}]` : p.startsWith(":") ? `[${p.slice(1)}]` : p));
  if (named.at(-1) === "") named[named.length - 1] = "index"; // a folder's URL (/carddav/) is its index.ts
  return `routes/${named.join("/")}.ts`;
}

async function moduleFiles(): Promise<Map<unknown, string>> {
  const files = new Map<unknown, string>();
  for (const file of readdirSync(join(ROOT, "routes"), { recursive: true, encoding: "utf8" })) {
    if (file.endsWith(".ts")) files.set(await import(join(ROOT, "routes", file)), `routes/${file}`);
  }
  return files;
}

test("every URL's module lives at the URL's path (a second module of one URL beside it as <name>.<what>.ts)", async () => {
  const files = await moduleFiles();
  const exceptions = new Map([["/:id.xml", "routes/mpp/profile.ts"], ["/report", "routes/mpp/report.ts"], ["/report/:mac", "routes/mpp/report.ts"]]);
  for (const r of routes) {
    const actual = files.get(await r.load());
    const expected = exceptions.get(r.path) ?? fileOf(r.path);
    if (actual === expected) continue;
    assert.match(actual ?? "(not a file under routes/)", new RegExp(`^${expected.slice(0, -3).replace(/[[\].]/g, "\\$&")}\\.[a-z-]+\\.ts$`), `${r.path}`);
  }
});

test("every route module is in the table", async () => {
  const inTable = new Set<unknown>(await Promise.all(routes.map((r) => r.load())));
  const vocabulary = new Set(["routes/table.ts", "routes/guards.ts", "routes/errors.ts", "routes/site-map.ts"]);
  for (const [module, file] of await moduleFiles()) {
    if (!vocabulary.has(file)) assert.ok(inTable.has(module), `${file} is not reachable from routes/table.ts`);
  }
});

test("each URL and method is answered by exactly one entry, with a guard, and every module exports a method", async () => {
  const seen = new Set<string>();
  for (const r of await describeRoutes(routes)) {
    assert.ok(r.guard, `${r.path} names a guard`);
    for (const m of r.methods) {
      const id = `${m} ${r.path}?${r.query?.join("|") ?? ""}`;
      assert.ok(!seen.has(id), `${id} is answered twice`);
      seen.add(id);
    }
  }
});

test("README's table of who may call what is the route table", async () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const block = /<!-- routes:begin -->\n([\s\S]*?)\n<!-- routes:end -->/.exec(readme)?.[1];
  assert.ok(block, "README has the routes block");
  assert.equal(block, (await routeListing()).join("\n"), "regenerate it with: npm run cli -- routes");
});

test("no route module catches an error to translate it (the dispatcher maps errors once)", async () => {
  for (const file of (await moduleFiles()).values()) {
    assert.doesNotMatch(readFileSync(join(ROOT, file), "utf8"), /\bcatch\s*[({]/, file);
  }
});
