import assert from "node:assert/strict";
import { test } from "node:test";
import { editDistance, SpellingIndex, withinOneEdit } from "../../lib/spelling.ts";

const index = new SpellingIndex(["Time_Zone", "Station_Name", "Resync_Periodic", "label", "ip_address"]);

test("a name that differs only in case is a near-certain suggestion", () => {
  assert.deepEqual(index.suggest("Time_zone"), { name: "Time_Zone", caseOnly: true });
});

test("one edit away is suggested: a letter dropped, added, changed, or two neighbours swapped", () => {
  assert.equal(index.suggest("Staton_Name")?.name, "Station_Name", "dropped");
  assert.equal(index.suggest("ip_adress")?.name, "ip_address", "dropped");
  assert.equal(index.suggest("Resync_Periodicc")?.name, "Resync_Periodic", "added");
  assert.equal(index.suggest("Resync_Periodix")?.name, "Resync_Periodic", "changed");
  assert.equal(index.suggest("lable")?.name, "label", "swapped");
  assert.equal(index.suggest("Statoin_Name")?.name, "Station_Name", "swapped");
});

test("a known name, or one two edits away, gets no suggestion", () => {
  assert.equal(index.suggest("Time_Zone"), undefined);
  assert.equal(index.suggest("Stton_Nme"), undefined);
  assert.equal(index.suggest("Something_Else"), undefined);
});

test("a move that only looks like one edit in the deletion index is not accepted", () => {
  assert.equal(withinOneEdit("xabc", "abcx"), false);
  assert.equal(new SpellingIndex(["abcx"]).suggest("xabc"), undefined);
});

test("names longer than the limit are neither indexed nor looked up", () => {
  const long = `A${"b".repeat(70)}`;
  const capped = new SpellingIndex([long, "Short"], undefined, 64);
  assert.equal(capped.suggest(`${long}c`), undefined);
  assert.equal(capped.suggest("Shortt")?.name, "Short");
});

test("a lookup's cost does not grow with the number of names", () => {
  // 5,000 names of 60 characters: a full edit-distance comparison with each (3,600 steps per pair) is 18 million
  // steps per lookup, seconds for 300 lookups; the deletion index answers them in milliseconds.
  const names = Array.from({ length: 5_000 }, (_, i) => `Parameter_${String(i).padStart(6, "0")}_${"x".repeat(43)}`);
  const big = new SpellingIndex(names);
  const started = performance.now();
  for (let i = 0; i < 300; i++) assert.ok(big.suggest(`Parametr_${String(i * 7).padStart(6, "0")}_${"x".repeat(43)}`));
  const ms = performance.now() - started;
  assert.ok(ms < 2_000, `300 lookups took ${Math.round(ms)} ms`);
});

test("editDistance counts edits up to a limit and stops past it", () => {
  assert.equal(editDistance("ip_adress", "ip_address", 2), 1);
  assert.equal(editDistance("devicenmae", "devicename", 2), 1, "a swap is one edit");
  assert.equal(editDistance("ip-adress", "ip_address", 2), 2);
  assert.equal(editDistance("colour", "label", 2), 3, "past the limit: limit + 1");
  assert.equal(editDistance("x".repeat(40), "label", 2), 3);
});
