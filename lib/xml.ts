// A small streaming XML writer: the one place XML text is produced. Escapes all five entities,
// drops characters XML 1.0 cannot carry, and refuses element or attribute names that are not XML names.

const NAME = /^[A-Za-z_][A-Za-z0-9._:-]*$/;
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
