import assert from "node:assert/strict";
import { test } from "node:test";
import { escapeXml, XmlWriter } from "../../lib/xml.ts";
import { parseXml, XmlParseError } from "../../lib/xml-parse.ts";
import { readWithSaxes } from "../helpers/xml-oracle.ts";

test("all five XML entities are escaped and come back unchanged through saxes and our parser", () => {
  const hostile = `a&b<c>"d'e`;
  assert.equal(escapeXml(hostile), "a&amp;b&lt;c&gt;&quot;d&apos;e");
  const doc = new XmlWriter().start("root", { attr: hostile }).element("v", hostile).end().toString();
  assert.deepEqual(readWithSaxes(doc), ["open root " + JSON.stringify([["attr", hostile]]), "open v []", `text ${JSON.stringify(hostile)}`, "close v", "close root"]);
  const root = parseXml(doc);
  assert.equal(root.attrs.attr, hostile);
  assert.equal(root.children[0].text, hostile);
});

test("characters XML cannot carry are dropped instead of breaking the document", () => {
  const doc = new XmlWriter().element("v", "bell\u0007 nul\u0000 ok\u00e9 \ud83d\ude00 lone\ud800").toString();
  assert.equal(parseXml(doc).text, "bell nul oké 😀 lone");
});

test("invalid element and attribute names are refused", () => {
  assert.throws(() => new XmlWriter().element("1abc", "x"), /Invalid XML name/);
  assert.throws(() => new XmlWriter().element("a b", "x"), /Invalid XML name/);
  assert.throws(() => new XmlWriter().element("a<b", "x"), /Invalid XML name/);
  assert.throws(() => new XmlWriter().element("ok", "x", { 'x"y': "1" }), /Invalid XML name/);
  assert.doesNotThrow(() => new XmlWriter().element("Auth_Resync-Reboot_1_", "x"));
});

test("unclosed or over-closed elements are programming errors", () => {
  assert.throws(() => new XmlWriter().start("a").toString(), /Unclosed/);
  assert.throws(() => new XmlWriter().end(), /without an open element/);
});

test("the declaration names UTF-8 and can be left out", () => {
  assert.match(new XmlWriter().element("a").toString(), /^<\?xml version="1.0" encoding="UTF-8"\?>\n<a\/>$/);
  assert.equal(new XmlWriter(false).element("a", "").toString(), "<a></a>");
});

test("the parser refuses DOCTYPE and entity declarations, malformed XML and oversized input", () => {
  assert.throws(() => parseXml('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'), (e: unknown) => e instanceof XmlParseError && /DOCTYPE/.test(e.message));
  assert.throws(() => parseXml("<a><b></a>"), XmlParseError);
  assert.throws(() => parseXml("not xml"), XmlParseError);
  assert.throws(() => parseXml(`<a>${"x".repeat(100)}</a>`, 50), /larger than 50 bytes/);
});

test("the parser keeps prefixes in name and strips them in local", () => {
  const root = parseXml('<env:root xmlns:env="urn:x"><env:flat-profile><A>1</A></env:flat-profile></env:root>');
  assert.equal(root.name, "env:root");
  assert.equal(root.local, "root");
  assert.equal(root.children[0].local, "flat-profile");
});

test("any name XML 1.0 allows can be written, as a parser read it (fuzz finding: a PROPFIND for such a property was a 500)", () => {
  for (const name of ["card:supported-address\uFFFD-data", "ä:prop", "Größe", "x·y", "名前"]) {
    const doc = new XmlWriter().element(name, "x").toString();
    assert.equal(parseXml(doc).name, name);
  }
  assert.throws(() => new XmlWriter().element("-a", "x"), /Invalid XML name/);
  assert.throws(() => new XmlWriter().element("a\uFFFE", "x"), /Invalid XML name/);
});
