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

export class XmlParseError extends Error {
  /** Where the document stopped being well-formed XML (for errors the parser found, not for refusals). */
  readonly position?: { line: number; column: number };

  constructor(message: string, position?: { line: number; column: number }) {
    super(message);
    this.position = position;
  }
}

/** What scanXml reports while it reads; `depth` is 1 for the root element. */
export interface XmlScanHandlers {
  /** `end`: the index in the source just after the start tag's `>`. */
  open(name: string, attributes: Record<string, string>, depth: number, end: number): void;
  /** Text and CDATA directly inside the innermost open element (never outside the root). */
  text(value: string): void;
  /** `end`: the index in the source just after the end tag's `>` (the start tag's, for `<a/>`). */
  close(depth: number, end: number): void;
}

/** Bounds on a document's shape, beyond its size: the parser keeps every open element, a caller maybe every one. */
export interface XmlScanLimits {
  maxDepth?: number;
  maxElements?: number;
}

/**
 * Reads untrusted XML as a stream of open/text/close events, without building a tree: for callers that keep only
 * a little of a large document. Same limits and refusals as parseXml; on any error it throws at the end, so a
 * caller must not act on what it collected until scanXml has returned. A handler may throw to stop reading.
 */
export function scanXml(input: string | Buffer, maxBytes: number, handlers: XmlScanHandlers, limits: XmlScanLimits = {}): void {
  const scan = startScan(handlers, limits);
  scan.write(sourceText(input, maxBytes));
  scan.finish();
}

/**
 * scanXml for large documents on a busy server: the text goes to the parser in slices, and the event loop takes
 * a turn between slices, so other requests are answered while a document of megabytes is read. Stops at the
 * first error (a parse error, a limit, a handler's throw) without reading further.
 */
export async function scanXmlInSlices(input: string | Buffer, maxBytes: number, handlers: XmlScanHandlers, limits: XmlScanLimits & { sliceChars?: number } = {}): Promise<void> {
  const source = sourceText(input, maxBytes);
  const slice = limits.sliceChars ?? 64 * 1024;
  const scan = startScan(handlers, limits);
  for (let i = 0; i < source.length; i += slice) {
    scan.write(source.slice(i, i + slice));
    await new Promise((resume) => setImmediate(resume));
  }
  scan.finish();
}

function sourceText(input: string | Buffer, maxBytes: number): string {
  const size = typeof input === "string" ? Buffer.byteLength(input) : input.length;
  if (size > maxBytes) throw new XmlParseError(`XML document is larger than ${maxBytes} bytes`);
  return typeof input === "string" ? input : input.toString("utf8");
}

/** A saxes parser wired to `handlers` that refuses DOCTYPE and shapes beyond `limits`; `write` throws the first error. */
function startScan(handlers: XmlScanHandlers, limits: XmlScanLimits): { write(text: string): void; finish(): void } {
  const { maxDepth = Infinity, maxElements = Infinity } = limits;
  const parser = new SaxesParser({ xmlns: false, position: true });
  let depth = 0;
  let elements = 0;
  let sawRoot = false;
  let failure: Error | undefined;

  parser.on("error", (err) => {
    failure ??= new XmlParseError(`Malformed XML: ${err.message}`, { line: parser.line, column: parser.column });
  });
  parser.on("doctype", () => {
    failure ??= new XmlParseError("XML with a DOCTYPE or entity declarations is not accepted");
  });
  parser.on("opentag", (tag) => {
    sawRoot = true;
    if (++depth > maxDepth) throw new XmlParseError(`The XML is nested deeper than ${maxDepth} elements`);
    if (++elements > maxElements) throw new XmlParseError(`The XML has more than ${maxElements} elements`);
    handlers.open(tag.name, tag.attributes as Record<string, string>, depth, parser.position);
  });
  parser.on("text", (t) => {
    if (depth) handlers.text(t);
  });
  parser.on("cdata", (t) => {
    if (depth) handlers.text(t);
  });
  parser.on("closetag", () => {
    handlers.close(depth--, parser.position);
  });
  const check = () => {
    if (failure) throw failure instanceof XmlParseError ? failure : new XmlParseError(`Malformed XML: ${failure.message}`);
  };
  return {
    write(text) {
      try {
        parser.write(text);
      } catch (err) {
        failure ??= err as Error;
      }
      check();
    },
    finish() {
      try {
        parser.close();
      } catch (err) {
        failure ??= err as Error;
      }
      check();
      if (!sawRoot) throw new XmlParseError("The document has no root element");
    },
  };
}

export function parseXml(input: string | Buffer, maxBytes = 2 * 1024 * 1024): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  scanXml(input, maxBytes, {
    open(name, attributes) {
      // A plain copy: saxes hands out prototype-less objects. for…in, not Object.entries: no pair arrays.
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
  });
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
