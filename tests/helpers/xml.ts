// Every XML we emit is parsed back with saxes (through lib/xml-parse) and checked element by element.
import assert from "node:assert/strict";
import { childrenNamed, findElement, parseXml, type XmlElement } from "../../lib/xml-parse.ts";

export { parseXml, findElement, childrenNamed, type XmlElement };

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
