import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_DIAL_PLAN, normalizeNumber } from "../../../core/contacts/normalize.ts";
import { foldForSearch } from "../../../lib/search-fold.ts";

test("the same number written three ways normalizes to one form", () => {
  for (const n of ["+49 30 1234", "0301234", "0049 30 1234", "+49 30-1234", "030/1234"]) {
    assert.equal(normalizeNumber(n), "49301234", n);
  }
});

test("short extensions and other countries keep their digits", () => {
  assert.equal(normalizeNumber("1001"), "1001");
  assert.equal(normalizeNumber("+43 1 234567"), "431234567");
  assert.equal(normalizeNumber(""), "");
  assert.equal(normalizeNumber("abc"), "");
});

test("the dial plan decides the country code", () => {
  assert.equal(normalizeNumber("01 234567", { ...DEFAULT_DIAL_PLAN, country_code: "43" }), "431234567");
  assert.equal(normalizeNumber("011 44 20 1234", { country_code: "1", national_prefix: "1", international_prefix: "011", outside_line: "" }), "44201234");
});

test("names fold to lower case without accents for search", () => {
  assert.equal(foldForSearch("Jürgen Müller-Lüdenscheidt"), "jurgen muller ludenscheidt");
  assert.equal(foldForSearch("ÉLODIE  Straße"), "elodie strasse");
  assert.equal(foldForSearch("Łukasz Søren Æsir Đorđe"), "lukasz soren aesir dorde", "letters Unicode does not decompose");
  assert.equal(foldForSearch("  <>&\"' "), "");
});
