import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { YamlParseCache } from "../../lib/yaml-cache.ts";
import { ConfigError, parseYaml } from "../../lib/yaml.ts";

function cacheDir(t: { after(f: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-yaml-cache-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, "config-cache");
}

const PHONES = `phones:\n  reception:\n    mac: "00:11:22:33:44:55"\n    Station_Name: reception\n    Line_Enable_2_: No\n`;

test("the same text a second time comes from the cache, with the value the yaml package gave", (t) => {
  const dir = cacheDir(t);
  const cache = new YamlParseCache(dir);
  const first = cache.parse(PHONES, "phones.yml", true);
  assert.deepEqual(first, parseYaml(PHONES, "phones.yml", true));
  // Proof that the second answer is the stored one: change what is stored under the same key.
  const entryPath = join(dir, "phones.yml.json");
  const entry = JSON.parse(readFileSync(entryPath, "utf8"));
  entry.value.phones.reception.Station_Name = "from the cache";
  writeFileSync(entryPath, JSON.stringify(entry));
  assert.equal((cache.parse(PHONES, "phones.yml", true) as any).phones.reception.Station_Name, "from the cache");
});

test("an edited file is parsed afresh: its new value, or its error with file and line", (t) => {
  const cache = new YamlParseCache(cacheDir(t));
  cache.parse(PHONES, "phones.yml", true);
  const edited = PHONES.replace("reception\n", "front-desk\n");
  assert.equal((cache.parse(edited, "phones.yml", true) as any).phones.reception.Station_Name, "front-desk");
  assert.throws(() => cache.parse(`${PHONES}  reception:\n    mac: x\n`, "phones.yml", true), (e: unknown) => e instanceof ConfigError && e.problem.line === 6);
});

test("the parse options are part of the key: text scalars and the core schema never share an entry", (t) => {
  const cache = new YamlParseCache(cacheDir(t));
  assert.equal((cache.parse("port: 0600\n", "x.yml", true) as any).port, "0600");
  assert.equal((cache.parse("port: 0600\n", "x.yml", false) as any).port, 600);
  assert.equal((cache.parse("port: 0600\n", "x.yml", true) as any).port, "0600");
});

test("a value JSON cannot carry (.inf) is parsed every time, never cached", (t) => {
  const dir = cacheDir(t);
  const cache = new YamlParseCache(dir);
  assert.equal((cache.parse("limit: .inf\n", "switchboard.yml") as any).limit, Infinity);
  assert.equal(existsSync(join(dir, "switchboard.yml.json")), false);
});

test("a damaged entry or an unwritable folder costs only the cache, never the config", (t) => {
  const dir = cacheDir(t);
  const cache = new YamlParseCache(dir);
  cache.parse(PHONES, "phones.yml", true);
  writeFileSync(join(dir, "phones.yml.json"), "{\"key\": tru");
  assert.deepEqual(cache.parse(PHONES, "phones.yml", true), parseYaml(PHONES, "phones.yml", true));
  assert.doesNotThrow(() => JSON.parse(readFileSync(join(dir, "phones.yml.json"), "utf8")), "rewritten whole");
  const blocked = join(dir, "phones.yml.json", "not-a-folder");
  assert.deepEqual(new YamlParseCache(blocked).parse(PHONES, "phones.yml", true), parseYaml(PHONES, "phones.yml", true));
});
