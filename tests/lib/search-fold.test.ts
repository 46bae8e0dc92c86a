// The stored search text holds both German spellings of a word, and only where one reads as an umlaut.
import assert from "node:assert/strict";
import { test } from "node:test";
import { searchText } from "../../lib/search-fold.ts";

test("umlauts are also stored written out, written-out ones also folded as the umlaut", () => {
  assert.equal(searchText(["Jürgen Groß"]), "jurgen gross juergen");
  assert.equal(searchText(["Schroeder"]), "schroeder schroder");
  assert.equal(searchText(["ÄRGER"]), "arger aerger");
  assert.equal(searchText(["Mu\u0308ller"]), "muller mueller", "a decomposed ü is an umlaut too");
});

test("ae, oe, ue that are no umlaut add nothing: after a vowel or q, at the end of a word", () => {
  for (const name of ["Bauer", "Neuer", "Queen", "Zoe", "Joe Poe"]) assert.equal(searchText([name]), name.toLowerCase(), name);
});

test("the other texts follow the first where it lacks them, then the other spellings", () => {
  assert.equal(searchText(["Boss", "Anna", "Müller", "ACME"]), "boss anna muller acme mueller");
  assert.equal(searchText(["", "", "", ""]), "");
});
