// A streaming reader for the XML we are sent: elements, attributes, text, CDATA, comments and processing
// instructions, the five predefined entities and character references. DOCTYPE (and with it every entity
// declaration) is refused. Every construct is found with one indexOf or one pass of a loop, so the work is linear
// in the input, however it is shaped. Written for speed where saxes was slow for us (a phone's 1,100-parameter
// report took 4 ms, most of it in attribute and name bookkeeping); tests hold it to saxes's verdicts and events.

export class XmlParseError extends Error {
  /** Where the document stopped being well-formed XML (for errors the parser found, not for refusals). */
  readonly position?: { line: number; column: number };

  constructor(message: string, position?: { line: number; column: number }) {
    super(message);
    this.position = position;
  }
}

/** What the scanner reports while it reads; `depth` is 1 for the root element. */
export interface XmlScanHandlers {
  /** `end`: the index in the source just after the start tag's `>`. */
  open(name: string, attributes: Record<string, string>, depth: number, end: number): void;
  /** Text and CDATA directly inside the innermost open element (never outside the root). */
  text(value: string): void;
  /** `end`: the index in the source just after the end tag's `>` (the start tag's, for `<a/>`). */
  close(depth: number, end: number): void;
}

/** Bounds on a document's shape, beyond its size: the reader keeps every open element, a caller maybe every one. */
export interface XmlScanLimits {
  maxDepth?: number;
  maxElements?: number;
}

export const DOCTYPE_REFUSED = "XML with a DOCTYPE or entity declarations is not accepted";

// Characters XML 1.0 does not allow anywhere, and lone surrogates: checked once over the whole document. The
// first, plain character class finds whether there is anything to look at several times faster than the second.
const SUSPECT_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\uD800-\uDFFF]/;
const INVALID_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NOT_WHITESPACE = /[^ \t\r\n]/;
const PREDEFINED = new Map([["lt", "<"], ["gt", ">"], ["amp", "&"], ["quot", '"'], ["apos", "'"]]);
const MAX_DECLARATION = 256;
const DECLARATION = /^[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1([ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?([ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(yes|no)\5)?[ \t\r\n]*$/;

const ASCII_NAME = /[A-Za-z_:][A-Za-z0-9_:.-]*/y;
// An element with an ASCII name, double-quoted attributes and text only, in one native match: nearly every element
// of a phone's report. Whatever needs more than copying (entities, CR, tabs or line ends in a value, single quotes,
// spaces around = or before >, "]]>") does not match and is read the general way. Each failed attempt reads no
// further than its element's first text, so the work stays linear.
const SIMPLE_ELEMENT = /<([A-Za-z_:][A-Za-z0-9_:.-]*)((?:[ \t\n]+[A-Za-z_:][A-Za-z0-9_:.-]*="[^"<&\r\t\n]*")*)[ \t\n]*>([^<&\r]*)<\/\1>/y;
const SIMPLE_ATTRIBUTE = /[ \t\n]+([A-Za-z_:][A-Za-z0-9_:.-]*)="([^"]*)"/y;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

function isNameStart(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
  return (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) || (c >= 0xf8 && c <= 0x2ff) || (c >= 0x370 && c <= 0x37d)
    || (c >= 0x37f && c <= 0x1fff) || c === 0x200c || c === 0x200d || (c >= 0x2070 && c <= 0x218f) || (c >= 0x2c00 && c <= 0x2fef)
    || (c >= 0x3001 && c <= 0xd7ff) || (c >= 0xf900 && c <= 0xfdcf) || (c >= 0xfdf0 && c <= 0xfffd)
    // A high surrogate of U+10000–U+EFFFF (the document was checked for lone surrogates).
    || (c >= 0xd800 && c <= 0xdb7f);
}

function isNameChar(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x3a || c === 0x2d || c === 0x2e;
  return isNameStart(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040 || (c >= 0xdc00 && c <= 0xdfff);
}

/** A character reference's code point when XML allows that character. */
function referencedChar(ref: string): string | undefined {
  const hex = ref.charCodeAt(1) === 0x78; // "#x…"
  const digits = ref.slice(hex ? 2 : 1);
  if (!digits || !(hex ? /^[0-9A-Fa-f]+$/ : /^[0-9]+$/).test(digits) || digits.length > 8) return undefined;
  const cp = parseInt(digits, hex ? 16 : 10);
  const allowed = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
  return allowed ? String.fromCodePoint(cp) : undefined;
}

export class XmlScanner {
  private pos = 0;
  private depth = 0;
  private elements = 0;
  private readonly open: string[] = [];
  private sawRoot = false;
  private readonly maxDepth: number;
  private readonly maxElements: number;

  constructor(private readonly s: string, private readonly handlers: XmlScanHandlers, limits: XmlScanLimits = {}) {
    this.maxDepth = limits.maxDepth ?? Infinity;
    this.maxElements = limits.maxElements ?? Infinity;
    const bad = SUSPECT_CHAR.test(s) ? INVALID_CHAR.exec(s) : null;
    if (bad) this.fail("a character XML does not allow", bad.index);
    if (s.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  /** Reads every construct that starts before `until` (all of them by default). */
  run(until = this.s.length): void {
    const { s } = this;
    const end = Math.min(until, s.length);
    while (this.pos < end) {
      const c = s.charCodeAt(this.pos);
      // A line end alone between two tags (a report's 1,100 of them), as readText would give it, without a slice.
      if (c === 0x0a && s.charCodeAt(this.pos + 1) === 0x3c && this.depth > 0) {
        this.handlers.text("\n");
        this.pos++;
      } else if (c !== 0x3c) this.readText();
      else {
        const next = s.charCodeAt(this.pos + 1);
        if (next === 0x2f) this.readEndTag();
        else if (next === 0x21) this.readBang();
        else if (next === 0x3f) this.readInstruction();
        else if (this.depth === 0 || !this.readSimpleElement()) this.readStartTag();
      }
    }
  }

  /** After the last run: every element closed, and there was one. */
  finish(): void {
    this.run();
    if (this.depth > 0) this.fail(`<${this.open[this.depth - 1]}> is not closed`, this.s.length);
    if (!this.sawRoot) throw new XmlParseError("The document has no root element");
  }

  private fail(what: string, at: number): never {
    let line = 1;
    let lineStart = 0;
    for (let i = this.s.indexOf("\n"); i >= 0 && i < at; i = this.s.indexOf("\n", i + 1)) {
      line++;
      lineStart = i + 1;
    }
    throw new XmlParseError(`Malformed XML: ${what}`, { line, column: at - lineStart + 1 });
  }

  private readText(): void {
    const { s } = this;
    let lt = s.indexOf("<", this.pos);
    if (lt < 0) lt = s.length;
    const raw = s.slice(this.pos, lt);
    if (this.depth === 0) {
      if (NOT_WHITESPACE.test(raw)) this.fail("text outside the root element", this.pos);
    } else {
      const cdataEnd = raw.indexOf("]]>");
      if (cdataEnd >= 0) this.fail("]]> in text", this.pos + cdataEnd);
      this.handlers.text(this.decode(lineEnds(raw), this.pos));
    }
    this.pos = lt;
  }

  private readName(at: number): number {
    const { s } = this;
    // Most names are ASCII: matched natively, then any non-ASCII rest character by character.
    ASCII_NAME.lastIndex = at;
    let i = ASCII_NAME.test(s) ? ASCII_NAME.lastIndex : at;
    if (i === at) {
      if (!isNameStart(s.charCodeAt(at))) this.fail("a name was expected", at);
      i++;
    }
    while (isNameChar(s.charCodeAt(i))) i++;
    return i;
  }

  private skipSpace(at: number): number {
    while (isSpace(this.s.charCodeAt(at))) at++;
    return at;
  }

  private readStartTag(): void {
    const { s } = this;
    const start = this.pos;
    if (this.depth === 0 && this.sawRoot) this.fail("a second root element", start);
    const nameEnd = this.readName(start + 1);
    const name = s.slice(start + 1, nameEnd);
    // A plain object (a prototype-less one is a slow dictionary in V8: it cost microseconds per element);
    // only own properties are attributes, and "__proto__" is defined as one rather than assigned.
    const attributes: Record<string, string> = {};
    let i = nameEnd;
    for (;;) {
      const spaced = i;
      i = this.skipSpace(i);
      const c = s.charCodeAt(i);
      if (c === 0x3e || (c === 0x2f && s.charCodeAt(i + 1) === 0x3e)) break;
      if (i === spaced) this.fail(Number.isNaN(c) ? `<${name}> is not closed` : "whitespace or the end of the tag was expected", i);
      const attrEnd = this.readName(i);
      const attr = s.slice(i, attrEnd);
      i = this.skipSpace(attrEnd);
      if (s.charCodeAt(i) !== 0x3d) this.fail(`= was expected after the attribute ${attr}`, i);
      i = this.skipSpace(i + 1);
      const quote = s[i];
      if (quote !== '"' && quote !== "'") this.fail(`a quoted value was expected for the attribute ${attr}`, i);
      const close = s.indexOf(quote, i + 1);
      if (close < 0) this.fail(`the value of the attribute ${attr} is not closed`, i);
      const raw = s.slice(i + 1, close);
      const lt = raw.indexOf("<");
      if (lt >= 0) this.fail("< in an attribute value", i + 1 + lt);
      if (Object.hasOwn(attributes, attr)) this.fail(`the attribute ${attr} appears twice`, i);
      const value = this.decode(attributeSpaces(raw), i + 1);
      setAttribute(attributes, attr, value);
      i = close + 1;
    }
    const selfClosing = s.charCodeAt(i) === 0x2f;
    const end = i + (selfClosing ? 2 : 1);
    this.sawRoot = true;
    this.countElement(++this.depth);
    this.open[this.depth - 1] = name;
    this.pos = end;
    this.handlers.open(name, attributes, this.depth, end);
    if (selfClosing) this.handlers.close(this.depth--, end);
  }

  /** SIMPLE_ELEMENT at the current position, with the events readStartTag, readText and readEndTag would give. */
  private readSimpleElement(): boolean {
    SIMPLE_ELEMENT.lastIndex = this.pos;
    const m = SIMPLE_ELEMENT.exec(this.s);
    if (m === null) return false;
    const name = m[1];
    const text = m[3];
    if (text.includes("]]>")) return false;
    const attributes = this.simpleAttributes(m[2]);
    if (!attributes) return false;
    const depth = this.depth + 1;
    this.countElement(depth);
    const end = SIMPLE_ELEMENT.lastIndex;
    this.pos = end;
    this.handlers.open(name, attributes, depth, end - text.length - name.length - 3);
    if (text) this.handlers.text(text);
    this.handlers.close(depth, end);
    return true;
  }

  // The attributes of the last simple element: a report repeats the same ` ua="na"` on every element, and copying
  // an object is cheaper than building one (each new key is looked up in V8's string table).
  private lastAttributeText = "";
  private lastAttributes: Record<string, string> = {};

  /** The attributes SIMPLE_ELEMENT matched, as readStartTag gives them; undefined for a repeated name. */
  private simpleAttributes(text: string): Record<string, string> | undefined {
    if (text === this.lastAttributeText) return { ...this.lastAttributes };
    const attributes: Record<string, string> = {};
    for (let i = 0; i < text.length; i = SIMPLE_ATTRIBUTE.lastIndex) {
      SIMPLE_ATTRIBUTE.lastIndex = i;
      const m = SIMPLE_ATTRIBUTE.exec(text)!;
      const attr = m[1];
      if (Object.hasOwn(attributes, attr)) return undefined;
      setAttribute(attributes, attr, m[2]);
    }
    this.lastAttributeText = text;
    this.lastAttributes = { ...attributes };
    return attributes;
  }

  /** One more element, opened at `depth`: within the limits, or the document is refused. */
  private countElement(depth: number): void {
    if (depth > this.maxDepth) throw new XmlParseError(`The XML is nested deeper than ${this.maxDepth} elements`);
    if (++this.elements > this.maxElements) throw new XmlParseError(`The XML has more than ${this.maxElements} elements`);
  }

  private readEndTag(): void {
    const { s } = this;
    const start = this.pos;
    // The one name that may follow: compared in place instead of read character by character.
    const expected = this.depth > 0 ? this.open[this.depth - 1] : "";
    const matches = expected !== "" && s.startsWith(expected, start + 2) && !isNameChar(s.charCodeAt(start + 2 + expected.length));
    const nameEnd = matches ? start + 2 + expected.length : this.readName(start + 2);
    const name = matches ? expected : s.slice(start + 2, nameEnd);
    const gt = this.skipSpace(nameEnd);
    if (s.charCodeAt(gt) !== 0x3e) this.fail(`> was expected to end </${name}`, gt);
    if (this.depth === 0) this.fail(`</${name}> closes no element`, start);
    if (!matches) this.fail(`</${name}> does not close <${expected}>`, start);
    this.pos = gt + 1;
    this.handlers.close(this.depth--, this.pos);
  }

  private readBang(): void {
    const { s } = this;
    const start = this.pos;
    if (s.startsWith("<!--", start)) {
      const close = s.indexOf("-->", start + 4);
      if (close < 0) this.fail("a comment is not closed", start);
      const dashes = s.indexOf("--", start + 4);
      if (dashes < close || (close > start + 4 && s.charCodeAt(close - 1) === 0x2d)) this.fail("-- inside a comment", dashes < close ? dashes : close - 1);
      this.pos = close + 3;
    } else if (s.startsWith("<![CDATA[", start)) {
      if (this.depth === 0) this.fail("CDATA outside the root element", start);
      const close = s.indexOf("]]>", start + 9);
      if (close < 0) this.fail("a CDATA section is not closed", start);
      this.handlers.text(lineEnds(s.slice(start + 9, close)));
      this.pos = close + 3;
    } else if (s.startsWith("<!DOCTYPE", start)) {
      throw new XmlParseError(DOCTYPE_REFUSED);
    } else {
      this.fail("<! that is not a comment or CDATA", start);
    }
  }

  private readInstruction(): void {
    const { s } = this;
    const start = this.pos;
    const targetEnd = this.readName(start + 2);
    const target = s.slice(start + 2, targetEnd);
    const close = s.indexOf("?>", targetEnd);
    if (close < 0) this.fail("a processing instruction is not closed", start);
    if (target.toLowerCase() === "xml") {
      const atStart = start === (s.charCodeAt(0) === 0xfeff ? 1 : 0);
      if (target !== "xml" || !atStart) this.fail("the XML declaration is not at the start of the document", start);
      if (close - targetEnd > MAX_DECLARATION || !DECLARATION.test(s.slice(targetEnd, close))) this.fail("an XML declaration that is not version 1.x", start);
    } else if (!isSpace(s.charCodeAt(targetEnd)) && s.charCodeAt(targetEnd) !== 0x3f) {
      this.fail("whitespace was expected after the processing instruction's target", targetEnd);
    }
    this.pos = close + 2;
  }

  /** Entities and character references replaced; `at` is where `raw` starts, for errors. */
  private decode(raw: string, at: number): string {
    let amp = raw.indexOf("&");
    if (amp < 0) return raw;
    let out = "";
    let copied = 0;
    while (amp >= 0) {
      // Each & is resolved at the next ; or fails the document: no & is looked at twice.
      const semi = raw.indexOf(";", amp + 1);
      if (semi < 0) this.fail("& that starts no entity", at + amp);
      const ref = raw.slice(amp + 1, semi);
      const value = ref.charCodeAt(0) === 0x23 ? referencedChar(ref) : PREDEFINED.get(ref);
      if (value === undefined) this.fail(`an unknown entity &${ref.slice(0, 32)};`, at + amp);
      out += raw.slice(copied, amp) + value;
      copied = semi + 1;
      amp = raw.indexOf("&", copied);
    }
    return out + raw.slice(copied);
  }
}

/** An attribute as an own property: "__proto__" is defined as one rather than assigned (which would set the prototype). */
function setAttribute(attributes: Record<string, string>, name: string, value: string): void {
  if (name === "__proto__") Object.defineProperty(attributes, name, { value, enumerable: true, writable: true, configurable: true });
  else attributes[name] = value;
}

/** XML's end-of-line handling: CR LF and a lone CR read as LF. */
const lineEnds = (raw: string): string => (raw.indexOf("\r") < 0 ? raw : raw.replace(/\r\n?/g, "\n"));

/** Attribute-value normalization: each literal tab, line end (CR LF as one) or newline reads as a space. */
const attributeSpaces = (raw: string): string => (/[\t\n\r]/.test(raw) ? raw.replace(/\r\n|[\t\n\r]/g, " ") : raw);
