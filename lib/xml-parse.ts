// Parses untrusted XML into a small element tree with saxes. Refuses DOCTYPE (and so entity
// declarations) and anything over the size limit, so hostile documents cannot expand or reach files.
import { SaxesParser } from "saxes";

export interface XmlElement {
  name: string; // as written, prefix included
  local: string; // without namespace prefix
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string; // concatenated direct text content
}

export class XmlParseError extends Error {}

export function parseXml(input: string | Buffer, maxBytes = 2 * 1024 * 1024): XmlElement {
  const size = typeof input === "string" ? Buffer.byteLength(input) : input.length;
  if (size > maxBytes) throw new XmlParseError(`XML document is larger than ${maxBytes} bytes`);
  const source = typeof input === "string" ? input : input.toString("utf8");
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: Error | undefined;

  parser.on("error", (err) => {
    failure ??= err;
  });
  parser.on("doctype", () => {
    failure ??= new XmlParseError("XML with a DOCTYPE or entity declarations is not accepted");
  });
  parser.on("opentag", (tag) => {
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attrs[k] = String(v);
    const el: XmlElement = { name: tag.name, local: localName(tag.name), attrs, children: [], text: "" };
    if (stack.length) stack[stack.length - 1].children.push(el);
    else root ??= el;
    stack.push(el);
  });
  parser.on("text", (t) => {
    if (stack.length) stack[stack.length - 1].text += t;
  });
  parser.on("cdata", (t) => {
    if (stack.length) stack[stack.length - 1].text += t;
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  try {
    parser.write(source).close();
  } catch (err) {
    failure ??= err as Error;
  }
  if (failure) throw failure instanceof XmlParseError ? failure : new XmlParseError(`Malformed XML: ${failure.message}`);
  if (!root) throw new XmlParseError("The document has no root element");
  return root;
}

export function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

/** The first element (depth-first, root included) whose local name is `local`. */
export function findElement(root: XmlElement, local: string): XmlElement | undefined {
  if (root.local === local) return root;
  for (const child of root.children) {
    const found = findElement(child, local);
    if (found) return found;
  }
  return undefined;
}

export function childrenNamed(el: XmlElement, local: string): XmlElement[] {
  return el.children.filter((c) => c.local === local);
}
