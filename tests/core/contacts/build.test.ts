// The stored form of a contact every provider maps through: its search and sort name.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildContact } from "../../../core/contacts/build.ts";
import { DEFAULT_DIAL_PLAN } from "../../../core/contacts/normalize.ts";

const build = (d: Partial<Parameters<typeof buildContact>[0]>) => buildContact({ external_id: "1", numbers: [], ...d }, DEFAULT_DIAL_PLAN);

test("a display name made of the given and family names holds them once in the search name", () => {
  assert.equal(build({ given_name: "Anna", family_name: "Müller" }).search_name, "anna muller mueller");
  assert.equal(build({ display_name: "Anna Müller", given_name: "Anna", family_name: "Müller" }).search_name, "anna muller mueller");
});

test("names the display name lacks are searchable after it", () => {
  assert.equal(build({ display_name: "Boss", given_name: "Anna", family_name: "Müller", company: "ACME" }).search_name, "boss anna muller acme mueller");
});

test("a word with an umlaut is also stored written out, and a written-out one also with the umlaut, after the names", () => {
  assert.equal(build({ display_name: "Jörg Mueller", company: "Bäckerei" }).search_name, "jorg mueller backerei joerg baeckerei muller");
});

test("a name that only starts like a word of the display name is still added", () => {
  assert.equal(build({ display_name: "Ann Lee", given_name: "Anna" }).search_name, "ann lee anna");
});
