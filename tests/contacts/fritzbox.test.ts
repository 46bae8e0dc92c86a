import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { DEFAULT_DIAL_PLAN } from "../../core/contacts/normalize.ts";
import { fritzboxNumberType, parseFritzboxPhonebook } from "../../core/contacts/providers/fritzbox.ts";
import { Invalid } from "../../lib/errors.ts";

const xml = readFileSync(new URL("../fixtures/fritzbox-phonebook.xml", import.meta.url));

const parsed = () => parseFritzboxPhonebook(xml, DEFAULT_DIAL_PLAN);
const parse = (doc: string | Buffer) => parseFritzboxPhonebook(doc, DEFAULT_DIAL_PLAN);

test("a FRITZ!Box export: every contact in file order, names with umlauts, accents and CJK intact", async () => {
  assert.deepEqual((await parsed()).map((c) => c.display_name), ["Jürgen Groß", "Zoë & Åsa Ørsted", "李小龍"]);
});

test("the uniqueid is the external id and mod_time the modification time", async () => {
  const [juergen] = await parsed();
  assert.equal(juergen.external_id, "11");
  assert.equal(juergen.modified_at, "2023-11-14T22:13:20.000Z");
});

test("names are folded for search as people type them: ß as ss, ø as o", async () => {
  const [juergen, zoe] = await parsed();
  assert.equal(juergen.search_name, "jurgen gross juergen", "Jürgen also as Germans write it without umlauts");
  assert.equal(zoe.search_name, "zoe asa orsted", "ø is folded as people type it: o");
});

test("emails keep their classifier as label", async () => {
  assert.deepEqual((await parsed())[0].emails, [{ address: "juergen@example.de", label: "private" }]);
});

test("the prio number comes first; numbers keep type, label and the written form, normalized with the dial plan", async () => {
  assert.deepEqual((await parsed())[0].numbers.map((n) => [n.type, n.label, n.number, n.normalized]), [
    ["mobile", "Mobile", "+49 (170) 555-0101", "491705550101"],
    ["home", "Home", "0211 123456", "49211123456"],
    ["fax_work", "Fax", "0211 123457", "49211123457"],
  ]);
});

test("custom and unknown number types keep their own label; empty numbers are dropped", async () => {
  assert.deepEqual((await parsed())[1].numbers.map((n) => [n.type, n.label, n.normalized]), [
    ["other", "Ferienhaus", "4533123456"], ["work", "Work", "610"], ["other", "Internal", "12"], ["other", "weird_thing", "49800123"],
  ], "empty numbers are dropped");
});

test("a contact without uniqueid gets an id from its name and numbers that is the same on every import", async () => {
  const lee = (await parsed())[2];
  assert.match(lee.external_id, /^h[0-9a-f]{16}$/, "no uniqueid: a stable id from name and numbers");
  assert.equal((await parsed())[2].external_id, lee.external_id);
});

test("number types map to labels", () => {
  assert.deepEqual(fritzboxNumberType("label:Oma"), { type: "other", label: "Oma" });
  assert.deepEqual(fritzboxNumberType("fax_work"), { type: "fax_work", label: "Fax" });
  assert.deepEqual(fritzboxNumberType(""), { type: "other", label: "Other" });
});

test("DOCTYPE, other XML and garbage are refused with a reason", async () => {
  await assert.rejects(parse('<!DOCTYPE x [<!ENTITY a "b">]><phonebooks/>'), Invalid);
  await assert.rejects(parse("<html/>"), /not a FRITZ!Box phone book/);
  await assert.rejects(parse("not xml"), /not usable XML/);
  await assert.rejects(parse(Buffer.alloc(9 * 1024 * 1024, 32)), /larger than/);
});

test("several phone books in one file keep their contacts apart", async () => {
  const two = `<phonebooks><phonebook><contact><person><realName>A</realName></person><uniqueid>1</uniqueid></contact></phonebook>` +
    `<phonebook><contact><person><realName>B</realName></person><uniqueid>1</uniqueid></contact></phonebook></phonebooks>`;
  assert.deepEqual((await parse(two)).map((c) => c.external_id), ["0:1", "1:1"]);
});
