// Every XML we emit is read back by parsers that are not ours (DESIGN §7): xmllint (libxml2, from Debian's
// libxml2-utils, installed by `make test`) checks that the document is well-formed, and @xmldom/xmldom builds
// the element tree the assertions walk. Neither goes through lib/xml-parse, which reads what phones send us.
import { DOMParser, type Element } from "@xmldom/xmldom";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

export interface XmlElement {
  name: string; // as written, prefix included
  local: string; // without namespace prefix
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string; // concatenated direct text content
}

const hasXmllint = spawnSync("xmllint", ["--version"]).status === 0;
if (!hasXmllint && process.env.CI) throw new Error("xmllint is missing: run make test (it installs libxml2-utils)");

/** libxml2's verdict; throws with its message when the document is not well-formed XML. */
export function xmllint(body: string): void {
  if (!hasXmllint) return;
  const r = spawnSync("xmllint", ["--noout", "--nonet", "-"], { input: body, encoding: "utf8" });
  assert.equal(r.status, 0, `xmllint refuses the document: ${r.stderr.trim()}\n${body.slice(0, 300)}`);
}

export function parseXml(body: string): XmlElement {
  xmllint(body);
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => void errors.push(`${level}: ${message}`) }).parseFromString(body, "text/xml");
  assert.deepEqual(errors, [], "xmldom reports problems");
  assert.ok(doc.documentElement, "a root element");
  return toElement(doc.documentElement);
}

function toElement(el: Element): XmlElement {
  const attrs: Record<string, string> = {};
  for (let i = 0; i < el.attributes.length; i++) attrs[el.attributes[i].name] = el.attributes[i].value;
  const children: XmlElement[] = [];
  let text = "";
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === n.ELEMENT_NODE) children.push(toElement(n as Element));
    else if (n.nodeType === n.TEXT_NODE || n.nodeType === n.CDATA_SECTION_NODE) text += n.nodeValue ?? "";
  }
  return { name: el.tagName, local: el.localName ?? el.tagName, attrs, children, text };
}

export const childrenNamed = (el: XmlElement, local: string): XmlElement[] => el.children.filter((c) => c.local === local);

/** The first element named `local` at any depth (document order), or undefined. */
export function findElement(el: XmlElement, local: string): XmlElement | undefined {
  if (el.local === local) return el;
  for (const c of el.children) {
    const hit = findElement(c, local);
    if (hit) return hit;
  }
  return undefined;
}

/** The parameters of a profile or report: element name → {value, ua}. */
export function profileParams(body: string, path = ["device", "flat-profile"]): Map<string, { value: string; ua?: string }> {
  let el = parseXml(body);
  assert.equal(el.name, path[0], `root element should be <${path[0]}>`);
  for (const name of path.slice(1)) {
    const next = el.children.find((c) => c.name === name);
    assert.ok(next, `<${name}> missing under <${el.name}>`);
    el = next;
  }
  const out = new Map<string, { value: string; ua?: string }>();
  for (const c of el.children) {
    assert.equal(c.children.length, 0, `<${c.name}> should hold only text`);
    assert.ok(!out.has(c.name), `<${c.name}> appears twice`);
    out.set(c.name, { value: c.text, ua: c.attrs.ua });
  }
  return out;
}
