// A small streaming XML writer: the one place XML text is produced. Escapes all five entities,
// drops characters XML 1.0 cannot carry, and refuses element or attribute names that are not XML names.

// XML 1.0's Name production (a prefix's colon inside, not first): what a parser accepted can be written back, as
// a WebDAV server must when it answers "404" for each property a client asked for by name.
const NAME_START = "A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}";
const NAME = new RegExp(`^[${NAME_START}][${NAME_START}0-9.:\\-\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*$`, "u");
// Characters outside the XML 1.0 Char production (C0 controls except tab/CR/LF, lone surrogates, U+FFFE/U+FFFF).
const INVALID_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

export function escapeXml(value: string): string {
  return value.replace(INVALID_CHARS, "").replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

export function isXmlName(name: string): boolean {
  return NAME.test(name);
}

function checkName(name: string): string {
  if (!isXmlName(name)) throw new Error(`Invalid XML name: ${JSON.stringify(name)}`);
  return name;
}

export type Attributes = Record<string, string | number | undefined>;

export class XmlWriter {
  private readonly chunks: string[] = [];
  private readonly open: string[] = [];

  constructor(declaration = true) {
    if (declaration) this.chunks.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  }

  start(name: string, attrs?: Attributes): this {
    this.chunks.push(`<${checkName(name)}${renderAttributes(attrs)}>`);
    this.open.push(name);
    return this;
  }

  end(): this {
    const name = this.open.pop();
    if (name === undefined) throw new Error("XmlWriter.end() without an open element");
    this.chunks.push(`</${name}>`);
    return this;
  }

  /** A complete element with text content (or self-closing when text is undefined). */
  element(name: string, text?: string, attrs?: Attributes): this {
    const tag = checkName(name) + renderAttributes(attrs);
    this.chunks.push(text === undefined ? `<${tag}/>` : `<${tag}>${escapeXml(text)}</${name}>`);
    return this;
  }

  text(value: string): this {
    this.chunks.push(escapeXml(value));
    return this;
  }

  newline(): this {
    this.chunks.push("\n");
    return this;
  }

  toString(): string {
    if (this.open.length) throw new Error(`Unclosed XML elements: ${this.open.join(" > ")}`);
    return this.chunks.join("");
  }
}

function renderAttributes(attrs?: Attributes): string {
  if (!attrs) return "";
  let out = "";
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    out += ` ${checkName(name)}="${escapeXml(String(value))}"`;
  }
  return out;
}
