// Parses untrusted XML (lib/xml-scanner.ts reads it): into a small element tree, as a stream of events, or to
// rewrite element contents. DOCTYPE (and so entity declarations) is refused, and anything over the size limit, so
// hostile documents cannot expand or reach files.
import { XmlParseError, XmlScanner, type XmlScanHandlers, type XmlScanLimits } from "./xml-scanner.ts";

export { XmlParseError, type XmlScanHandlers, type XmlScanLimits } from "./xml-scanner.ts";

export interface XmlElement {
  name: string; // as written, prefix included
  local: string; // without namespace prefix
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string; // concatenated direct text content
}

/**
 * Reads untrusted XML as a stream of open/text/close events, without building a tree: for callers that keep only
 * a little of a large document. On any error it throws, so a caller must not act on what it collected until
 * scanXml has returned. A handler may throw to stop reading.
 */
export function scanXml(input: string | Buffer, maxBytes: number, handlers: XmlScanHandlers, limits: XmlScanLimits = {}): void {
  const scan = startScan(sourceText(input, maxBytes), handlers, limits);
  scan.finish();
}

/**
 * scanXml for large documents on a busy server: read in slices, and the event loop takes a turn between slices,
 * so other requests are answered while a document of megabytes is read. Stops at the first error.
 */
export async function scanXmlInSlices(input: string | Buffer, maxBytes: number, handlers: XmlScanHandlers, limits: XmlScanLimits & { sliceChars?: number } = {}): Promise<void> {
  const source = sourceText(input, maxBytes);
  const slice = limits.sliceChars ?? 64 * 1024;
  const scan = startScan(source, handlers, limits);
  for (let i = slice; i < source.length; i += slice) {
    scan.run(i);
    await new Promise((resume) => setImmediate(resume));
  }
  scan.finish();
}

function sourceText(input: string | Buffer, maxBytes: number): string {
  const size = typeof input === "string" ? Buffer.byteLength(input) : input.length;
  if (size > maxBytes) throw new XmlParseError(`XML document is larger than ${maxBytes} bytes`);
  return typeof input === "string" ? input : input.toString("utf8");
}

/** A scanner whose every error is an XmlParseError (a handler's own error is wrapped in one). */
function startScan(source: string, handlers: XmlScanHandlers, limits: XmlScanLimits): { run(until: number): void; finish(): void } {
  const wrapped = <T>(f: () => T): T => {
    try {
      return f();
    } catch (err) {
      throw err instanceof XmlParseError ? err : new XmlParseError(`Malformed XML: ${(err as Error).message}`);
    }
  };
  const scanner = wrapped(() => new XmlScanner(source, handlers, limits));
  return { run: (until) => wrapped(() => scanner.run(until)), finish: () => wrapped(() => scanner.finish()) };
}

/** How deep a tree parseXml builds: its readers walk it by recursion, and no document we read needs more. */
export const MAX_TREE_DEPTH = 256;

export function parseXml(input: string | Buffer, maxBytes = 2 * 1024 * 1024): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  scanXml(input, maxBytes, {
    open(name, attributes) {
      // A plain copy: the scanner hands out prototype-less objects. for…in, not Object.entries: no pair arrays.
      const attrs: Record<string, string> = {};
      for (const k in attributes) attrs[k] = String(attributes[k]);
      const el: XmlElement = { name, local: localName(name), attrs, children: [], text: "" };
      if (stack.length) stack[stack.length - 1].children.push(el);
      else root ??= el;
      stack.push(el);
    },
    text(value) {
      stack[stack.length - 1].text += value;
    },
    close() {
      stack.pop();
    },
  }, { maxDepth: MAX_TREE_DEPTH });
  return root!;
}

/** An element rewriteElementContents asks about, once it has closed. */
export interface ElementContent {
  name: string;
  local: string;
  /** Its direct text and CDATA, decoded (what parseXml's `text` holds). */
  text: string;
  hasChildren: boolean;
  /** Its content as written in the source, markup, comments and CDATA sections included. */
  raw(): string;
}

/**
 * The document with the contents of some elements replaced and every other character as it was. `replace` sees
 * each element with an end tag as it closes (`<a/>` has no content) and returns its new raw content, or undefined
 * to keep it; a replaced element's descendants go with it. Works from the parser's positions, so markup the parser
 * accepts (CDATA, comments, `</name >`) is covered however it is written, in linear time. Same limits and refusals
 * as scanXml.
 */
export function rewriteElementContents(input: string, maxBytes: number, replace: (el: ElementContent) => string | undefined): string {
  const open: { name: string; start: number; text: string; hasChildren: boolean }[] = [];
  const edits: { start: number; end: number; content: string }[] = [];
  scanXml(input, maxBytes, {
    open(name, _attributes, _depth, end) {
      if (open.length) open[open.length - 1].hasChildren = true;
      open.push({ name, start: end, text: "", hasChildren: false });
    },
    text(value) {
      open[open.length - 1].text += value;
    },
    close(_depth, end) {
      const el = open.pop()!;
      // The end tag is the last "<" before its ">" (an end tag holds no other); for <a/> that is the start tag,
      // and such an element has no content to replace.
      const contentEnd = input.lastIndexOf("<", end - 1);
      if (contentEnd < el.start) return;
      const content = replace({ name: el.name, local: localName(el.name), text: el.text, hasChildren: el.hasChildren, raw: () => input.slice(el.start, contentEnd) });
      if (content === undefined) return;
      while (edits.length && edits[edits.length - 1].start >= el.start) edits.pop();
      edits.push({ start: el.start, end: contentEnd, content });
    },
  });
  let out = "";
  let copied = 0;
  for (const e of edits) {
    out += input.slice(copied, e.start) + e.content;
    copied = e.end;
  }
  return out + input.slice(copied);
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
