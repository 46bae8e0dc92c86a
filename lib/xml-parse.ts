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
  open(name: string, attributes: Record<string, string>, depth: number): void;
  /** Text and CDATA directly inside the innermost open element (never outside the root). */
  text(value: string): void;
  close(depth: number): void;
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
    handlers.open(tag.name, tag.attributes as Record<string, string>, depth);
  });
  parser.on("text", (t) => {
    if (depth) handlers.text(t);
  });
  parser.on("cdata", (t) => {
    if (depth) handlers.text(t);
  });
  parser.on("closetag", () => {
    handlers.close(depth--);
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
