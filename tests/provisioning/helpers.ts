// Shared set-up of the provisioning tests: the document parsed back (xmllint + xmldom, tests/helpers/xml.ts) into
// sections of entries, with its shape checked element by element on the way.
import assert from "node:assert/strict";
import { parseXml } from "../helpers/xml.ts";
import { call, type ApiResponse } from "../helpers/sip-api.ts";

export const LPCONFIG_NS = "http://www.linphone.org/xsds/lpconfig.xsd";

export interface Entry {
  value: string;
  overwrite?: string;
}

/** Section name → entry name → entry, in document order. */
export type Provisioning = Map<string, Map<string, Entry>>;

export function parseProvisioning(body: string): Provisioning {
  const root = parseXml(body);
  assert.equal(root.name, "config");
  assert.equal(root.attrs.xmlns, LPCONFIG_NS);
  const sections: Provisioning = new Map();
  for (const section of root.children) {
    assert.equal(section.name, "section", "only <section> under <config>");
    const name = section.attrs.name;
    assert.ok(name, "a section has a name");
    assert.ok(!sections.has(name), `section ${name} appears once`);
    const entries = new Map<string, Entry>();
    for (const entry of section.children) {
      assert.equal(entry.name, "entry", `only <entry> under section ${name}`);
      assert.equal(entry.children.length, 0, "an entry holds only text");
      assert.ok(entry.attrs.name, "an entry has a name");
      assert.ok(!entries.has(entry.attrs.name), `entry ${name}/${entry.attrs.name} appears once`);
      entries.set(entry.attrs.name, { value: entry.text, overwrite: entry.attrs.overwrite });
    }
    sections.set(name, entries);
  }
  return sections;
}

/** One section's entries as name → value. */
export function values(doc: Provisioning, section: string): Record<string, string> {
  const entries = doc.get(section);
  assert.ok(entries, `section ${section} is there (sections: ${[...doc.keys()].join(", ")})`);
  return Object.fromEntries([...entries].map(([name, e]) => [name, e.value]));
}

/** A provisioning URL fetched as Linphone does (the header when asked), answered as XML. */
export async function provision(base: string, path: string, headers: Record<string, string> = {}): Promise<ApiResponse> {
  return call(base, "GET", path, { headers: { Accept: "*/*", ...headers } });
}

export function assertXml(res: ApiResponse): Provisioning {
  assert.equal(res.status, 200, res.body);
  assert.equal(res.headers.get("content-type")?.[0], "application/xml");
  return parseProvisioning(res.body);
}
