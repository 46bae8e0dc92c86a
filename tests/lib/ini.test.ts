import assert from "node:assert/strict";
import { test } from "node:test";
import { IniError, parseIni } from "../../lib/ini.ts";

const asObject = (text: string) => Object.fromEntries(parseIni(text).map((s) => [s.name, Object.fromEntries(s.entries)]));

test("sections with key = value lines, comments and blank lines skipped, CRLF and a BOM accepted", () => {
  assert.deepEqual(asObject("\uFEFF; comment\r\n# another\r\n[sip]\r\nmedia_encryption = srtp\r\n\r\n[net]\r\nmtu=1300\r\n"), {
    sip: { media_encryption: "srtp" },
    net: { mtu: "1300" },
  });
});

test("values keep their text: inner = and ;, one pair of surrounding quotes removed", () => {
  assert.deepEqual(asObject(`[proxy_0]\nreg_proxy=<sip:p.example.com;transport=tls>\nquoted="a b"\nsingle='x'\nhalf="y\nempty=\n`), {
    proxy_0: { reg_proxy: "<sip:p.example.com;transport=tls>", quoted: "a b", single: "x", half: '"y', empty: "" },
  });
});

test("a section named twice is one section; a key written twice keeps its place and its last value", () => {
  const sections = parseIni("[a]\nx=1\ny=2\n[b]\nz=3\n[a]\nx=4\n");
  assert.deepEqual(sections.map((s) => s.name), ["a", "b"]);
  assert.deepEqual([...sections[0].entries], [["x", "4"], ["y", "2"]]);
});

test("lines that cannot be read are errors with their line number", () => {
  const line = (text: string) => {
    try {
      parseIni(text);
    } catch (err) {
      assert.ok(err instanceof IniError);
      return err.line;
    }
    assert.fail("no error");
  };
  assert.equal(line("x=1\n"), 1, "a key before any section");
  assert.equal(line("[a]\n\njust words\n"), 3);
  assert.equal(line("[a\n"), 1);
  assert.equal(line("[]\n"), 1);
  assert.equal(line("[a]\n=value\n"), 2);
});

test("a text over the size limit is refused before it is read", () => {
  assert.throws(() => parseIni("[a]\nx=1\n".repeat(10), 20), /larger than 20/);
});
