// parseReport reads a report in one streaming pass; these pin down what a tree walk would give.
import assert from "node:assert/strict";
import { test } from "node:test";
import { paramsJson, parseReport } from "../../core/mpp/report-parse.ts";
import { Malformed } from "../../lib/errors.ts";

const parse = (xml: string) => parseReport(xml, "text/xml", undefined, undefined);

test("the first flat-profile in document order gives the parameters: own text only, trimmed, last repeat wins", () => {
  const r = parse(`<root><a><flat-profile><P> 1 </P><Mixed>t<i>inner</i>ail</Mixed><flat-profile><Q>2</Q></flat-profile><P>again</P></flat-profile></a>
    <flat-profile><R/></flat-profile><mac>001122334455</mac></root>`);
  assert.deepEqual([...r.params], [["P", "again"], ["Mixed", "tail"], ["flat-profile", ""]]);
  assert.equal(r.mac, "001122334455");
});

test("namespaced elements and CDATA, __proto__ as a plain parameter", () => {
  const r = parse(`<x:flat-profile xmlns:x="urn:x"><x:A>1</x:A><B>2<![CDATA[ <3> ]]></B><__proto__>p</__proto__><mac>aabbccddeeff</mac></x:flat-profile>`);
  assert.deepEqual([...r.params], [["A", "1"], ["B", "2 <3>"], ["__proto__", "p"], ["mac", "aabbccddeeff"]]);
});

test("the MAC comes from the first element of the first name that holds a valid MAC", () => {
  // The first <mac> is not a MAC and a later <mac> is not looked at; <MAC> is the next name in order.
  assert.equal(parse(`<r><mac>x<mac>001122334455</mac></mac><MAC>00:11:22:33:44:56</MAC><flat-profile/></r>`).mac, "001122334456");
  assert.equal(parse(`<r><Mac_Address> 0011.2233.4477 </Mac_Address><flat-profile/></r>`).mac, "001122334477");
  assert.throws(() => parse(`<r><mac>x</mac><mac>001122334455</mac><flat-profile/></r>`), new Malformed("MAC address required"));
});

test("no flat-profile, or XML that breaks off, is refused", () => {
  assert.throws(() => parse(`<r><mac>001122334455</mac></r>`), /no <flat-profile> element/);
  assert.throws(() => parse(`<flat-profile><A>1</A>`), Malformed);
  assert.throws(() => parse(`<!DOCTYPE x><flat-profile/>`), /DOCTYPE/);
});

test("the parameters' JSON is the text JSON.stringify gives, and JSON.parse reads every value back", () => {
  const values = ["plain", 'say "hi"', "back\\slash", "tab\tnew\nline", "\u0001\u001f", "ümlaut €", "\u{1F600}", "\uD800 lone", "", "<&>", "\u2028"];
  const params = new Map<string, string>(values.map((v, i) => [`P${i}`, v]));
  params.set("__proto__", "p").set("P0", "last");
  const json = paramsJson(params);
  assert.equal(json, JSON.stringify(Object.fromEntries(params)));
  assert.deepEqual(Object.entries(JSON.parse(json) as Record<string, string>), [...params]);
  // Names are taken as they are: any name the XML reader accepts needs no escaping.
  const named = parse(`<flat-profile><mac>001122334455</mac><é.ü-_:x a="1">"q"</é.ü-_:x><\u{10000}x>\\</\u{10000}x><Ω_1>t</Ω_1></flat-profile>`);
  assert.equal(paramsJson(named.params), JSON.stringify(Object.fromEntries(named.params)));
});
