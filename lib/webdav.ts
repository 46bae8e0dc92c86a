// WebDAV building blocks (RFC 4918; REPORT from RFC 3253): request bodies parsed with their namespaces resolved,
// the Depth header, and 207 Multistatus and <error> bodies written with the XML writer. Knows nothing of what the
// resources are.
import { STATUS_CODES } from "node:http";
import { reply, type Reply } from "./http.ts";
import { XmlWriter, type Attributes } from "./xml.ts";
import { localName, parseXml, type XmlElement } from "./xml-parse.ts";

export const DAV = "DAV:";

/** An XML name with its namespace resolved ("DAV:", "urn:ietf:params:xml:ns:carddav", … or "" for none). */
export interface QName {
  ns: string;
  local: string;
}

export interface DavElement extends QName {
  attrs: Record<string, string>;
  children: DavElement[];
  text: string;
}

/** What a property value or an error condition holds: text, or elements. */
export type DavNode = string | { name: QName; attrs?: Attributes; children?: DavNode[] };

export const qname = (ns: string, local: string): QName => ({ ns, local });
export const sameName = (a: QName, b: QName): boolean => a.ns === b.ns && a.local === b.local;
export const el = (name: QName, ...children: DavNode[]): DavNode => ({ name, children });

/**
 * A request body (PROPFIND, REPORT) as a tree of namespaced elements. Same limits and refusals as parseXml (size,
 * DOCTYPE): it throws XmlParseError.
 */
export function parseDavBody(body: string | Buffer, maxBytes: number): DavElement {
  return resolve(parseXml(body, maxBytes), new Map([["xml", "http://www.w3.org/XML/1998/namespace"]]));
}

function resolve(e: XmlElement, inherited: Map<string, string>): DavElement {
  let scope = inherited;
  for (const name in e.attrs) {
    if (name !== "xmlns" && !name.startsWith("xmlns:")) continue;
    if (scope === inherited) scope = new Map(inherited);
    scope.set(name === "xmlns" ? "" : name.slice(6), e.attrs[name]);
  }
  const colon = e.name.indexOf(":");
  const ns = scope.get(colon < 0 ? "" : e.name.slice(0, colon)) ?? "";
  return { ns, local: localName(e.name), attrs: e.attrs, text: e.text, children: e.children.map((c) => resolve(c, scope)) };
}

export const childOf = (e: DavElement | undefined, name: QName): DavElement | undefined => e?.children.find((c) => sameName(c, name));
export const childrenOf = (e: DavElement | undefined, name: QName): DavElement[] => e?.children.filter((c) => sameName(c, name)) ?? [];

export type Depth = "0" | "1" | "infinity";

/** The Depth header; absent is taken as `absent` (RFC 4918 says infinity, which clients rarely mean). */
export function parseDepth(header: string | string[] | undefined, absent: Depth): Depth | undefined {
  if (header === undefined) return absent;
  const value = String(header).trim().toLowerCase();
  return value === "0" || value === "1" || value === "infinity" ? value : undefined;
}

/** Writes namespaced elements: known namespaces get their prefix declared on the root, others one on the spot. */
class NamespacedWriter {
  readonly xml = new XmlWriter();
  private readonly prefixes: Map<string, string>;

  constructor(prefixes: Record<string, string>) {
    this.prefixes = new Map(Object.entries(prefixes));
  }

  /** The root's attributes: every known namespace declared once. */
  declarations(): Attributes {
    const attrs: Attributes = {};
    for (const [ns, prefix] of this.prefixes) attrs[`xmlns:${prefix}`] = ns;
    return attrs;
  }

  private tag(name: QName): { tag: string; attrs: Attributes } {
    const prefix = this.prefixes.get(name.ns);
    if (prefix !== undefined) return { tag: `${prefix}:${name.local}`, attrs: {} };
    return name.ns ? { tag: `x:${name.local}`, attrs: { "xmlns:x": name.ns } } : { tag: name.local, attrs: {} };
  }

  start(name: QName, attrs?: Attributes): this {
    const t = this.tag(name);
    this.xml.start(t.tag, { ...t.attrs, ...attrs });
    return this;
  }

  end(): this {
    this.xml.end();
    return this;
  }

  node(n: DavNode): this {
    if (typeof n === "string") {
      this.xml.text(n);
      return this;
    }
    const t = this.tag(n.name);
    if (!n.children?.length) {
      this.xml.element(t.tag, undefined, { ...t.attrs, ...n.attrs });
      return this;
    }
    this.xml.start(t.tag, { ...t.attrs, ...n.attrs });
    for (const c of n.children) this.node(c);
    this.xml.end();
    return this;
  }

  element(name: QName, text: string): this {
    const t = this.tag(name);
    this.xml.element(t.tag, text, t.attrs);
    return this;
  }
}

const statusLine = (status: number) => `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}`.trimEnd();

/** One property of a response: its value (text or elements), or undefined when the resource has no such property. */
export interface PropResult {
  name: QName;
  value: DavNode[] | undefined;
}

/** A 207 Multistatus body (RFC 4918 §13), one <response> at a time. `prefixes`: namespace → prefix (DAV: first). */
export class Multistatus {
  private readonly w: NamespacedWriter;

  constructor(prefixes: Record<string, string>) {
    this.w = new NamespacedWriter(prefixes);
    this.w.start(qname(DAV, "multistatus"), this.w.declarations());
  }

  /** A resource's properties: found ones in a 200 propstat, the others in a 404 propstat. */
  response(href: string, props: PropResult[]): this {
    const found = props.filter((p) => p.value !== undefined);
    const missing = props.filter((p) => p.value === undefined);
    this.w.start(qname(DAV, "response")).element(qname(DAV, "href"), href);
    for (const [group, status] of [[found, 200], [missing, 404]] as const) {
      if (group.length === 0) continue;
      this.w.start(qname(DAV, "propstat")).start(qname(DAV, "prop"));
      for (const p of group) this.w.node({ name: p.name, children: p.value });
      this.w.end().element(qname(DAV, "status"), statusLine(status)).end();
    }
    this.w.end();
    return this;
  }

  /** A resource answered by a status alone (a deleted member in a sync report, an unknown href in a multiget). */
  status(href: string, status: number): this {
    this.w.start(qname(DAV, "response")).element(qname(DAV, "href"), href).element(qname(DAV, "status"), statusLine(status)).end();
    return this;
  }

  /** A sync-collection report's new token (RFC 6578), after the responses. */
  syncToken(token: string): this {
    this.w.element(qname(DAV, "sync-token"), token);
    return this;
  }

  toString(): string {
    this.w.end();
    return this.w.xml.toString();
  }
}

/** An <error> body (RFC 4918 §16): the precondition that failed, or only a message in `messageNs`. */
export function davErrorBody(prefixes: Record<string, string>, condition: DavNode | undefined, message: { ns: string; text: string }): string {
  const w = new NamespacedWriter(prefixes);
  w.start(qname(DAV, "error"), w.declarations());
  if (condition) w.node(condition);
  w.element(qname(message.ns, "message"), message.text);
  w.end();
  return w.xml.toString();
}

export const DAV_CONTENT_TYPE = "application/xml; charset=utf-8";

/** 207 Multistatus. */
export const multistatusReply = (body: string): Reply => reply(207, body, DAV_CONTENT_TYPE);
