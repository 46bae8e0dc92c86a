import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, parseYaml } from "../../lib/yaml.ts";

test("a key repeated in the same map is an error naming its line", () => {
  const source = "phones:\n  phone-01:\n    mac: '001122334455'\n  phone-02:\n    mac: '001122334466'\n  phone-01:\n    mac: '001122334477'\n";
  assert.throws(() => parseYaml(source, "phones.yml", true), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.deepEqual(err.problem, { file: "phones.yml", line: 6, message: "Map keys must be unique" });
    return true;
  });
});

test("the same key in different maps is no duplicate", () => {
  assert.deepEqual(parseYaml("a:\n  mac: x\nb:\n  mac: y\n", "phones.yml", true), { a: { mac: "x" }, b: { mac: "y" } });
});

// The duplicate check of the yaml package compares each key with every earlier key of its map: quadratic in a
// map's size (a phones.yml of 50,000 phones: minutes). Measured against the same number of one-key maps (which
// nothing quadratic touches) in the same run, so a busy machine slows both alike: with the Set check a map of
// 30,000 keys costs about what 30,000 small maps cost; with the quadratic one it cost 3-4 times as much.
test("a map of 30,000 keys loads in linear time", () => {
  const keys = 30_000;
  const time = (source: string) => {
    const started = performance.now();
    parseYaml(source, "phones.yml", true);
    return performance.now() - started;
  };
  const oneMap = time("phones:\n" + Array.from({ length: keys }, (_, i) => `  phone-${i}: x\n`).join(""));
  const smallMaps = time("phones:\n" + Array.from({ length: keys }, (_, i) => `  - phone-${i}: x\n`).join(""));
  assert.ok(oneMap < 2 * smallMaps, `one map of ${keys} keys took ${Math.round(oneMap)} ms, ${keys} one-key maps ${Math.round(smallMaps)} ms`);
});

test("a file nested thousands deep is a ConfigError naming file and line, and the process lives on (fuzz finding)", () => {
  // Before the nesting check, this sequence ended the process: V8 could not compile a regular expression with the
  // stack nearly full ("FATAL ERROR: RegExpCompiler Allocation failed").
  const deep = ["- ".repeat(1000) + "x\n", "[".repeat(1000) + "]".repeat(1000), "{a: ".repeat(1000) + "}".repeat(1000), "ok: 1\nnested:\n" + Array.from({ length: 150 }, (_, i) => " ".repeat(2 * i + 2) + `k${i}:`).join("\n") + " x\n"];
  for (const source of deep) {
    assert.throws(() => parseYaml(source, "phones.yml", true), (err: unknown) => {
      assert.ok(err instanceof ConfigError, String(err));
      assert.equal(err.problem.file, "phones.yml");
      assert.match(err.problem.message, /nested deeper than 100 levels/);
      assert.ok(err.problem.line);
      return true;
    });
  }
});

test("nesting a real config uses, brackets and dashes inside quotes and comments, still reads", () => {
  const source = `a:\n  - - [1, [2, {b: "[[[[", c: '{{''{{'}]]  # [[[[[\nx: ']]]]'\nq: "${"[".repeat(200)}"\n`;
  assert.deepEqual(parseYaml(source, "switchboard.yml"), { a: [[[1, [2, { b: "[[[[", c: "{{'{{" }]]]], x: "]]]]", q: "[".repeat(200) });
});

test("an alias to no anchor, or aliases beyond the limit, are a ConfigError naming the file, not a ReferenceError (fuzz finding)", () => {
  const laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + Array.from({ length: 8 }, (_, i) => `${"bcdefghi"[i]}: &${"bcdefghi"[i]} [${Array(10).fill(`*${"abcdefgh"[i]}`).join(", ")}]`).join("\n") + "\n";
  for (const source of ["e: *nowhere\n", laughs]) {
    assert.throws(() => parseYaml(source, "switchboard.yml"), (err: unknown) => {
      assert.ok(err instanceof ConfigError, String(err));
      assert.equal(err.problem.file, "switchboard.yml");
      return true;
    });
  }
});
