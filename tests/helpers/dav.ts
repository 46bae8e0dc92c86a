// CardDAV requests and their Multistatus answers, read by parsers that are not ours (DESIGN §7): xmllint checks the
// document, @xmldom/xmldom resolves the namespaces the assertions look at.
import { DOMParser, type Element } from "@xmldom/xmldom";
import assert from "node:assert/strict";
import type { TestResponse, TestServer } from "./server.ts";
import { xmllint } from "./xml.ts";

export const DAV = "DAV:";
export const CARDDAV = "urn:ietf:params:xml:ns:carddav";

export const basic = (username: string, password: string) => "Basic " + Buffer.from(`${username}:${password}`).toString("base64");

export function dav(server: TestServer, method: string, path: string, o: { auth?: string; depth?: string; body?: string; headers?: Record<string, string> } = {}): Promise<TestResponse> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.auth) headers.Authorization = o.auth;
  if (o.depth !== undefined) headers.Depth = o.depth;
  if (o.body !== undefined) headers["Content-Type"] = "application/xml; charset=utf-8";
  return server.request(path, { method, headers, body: o.body });
}

/** One <response>: its href, its own status (no propstat), and each property's element and status. */
export interface DavResponse {
  href: string;
  status?: number;
  props: Map<string, { status: number; el: Element }>;
}

const children = (el: Element, ns: string, local: string): Element[] => {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === n.ELEMENT_NODE && (n as Element).namespaceURI === ns && (n as Element).localName === local) out.push(n as Element);
  return out;
};
export const child = (el: Element | undefined, ns: string, local: string): Element | undefined => (el ? children(el, ns, local)[0] : undefined);
export const childElements = (el: Element): Element[] => {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === n.ELEMENT_NODE) out.push(n as Element);
  return out;
};
const statusOf = (el: Element | undefined) => Number(/HTTP\/1\.1 (\d{3})/.exec(el?.textContent ?? "")?.[1]);

export function parseDav(body: string): Element {
  xmllint(body);
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => void errors.push(`${level}: ${message}`) }).parseFromString(body, "text/xml");
  assert.deepEqual(errors, []);
  return doc.documentElement!;
}

/** A 207's responses by href, and its sync-token when it has one. */
export function multistatus(res: TestResponse): { responses: Map<string, DavResponse>; syncToken?: string } {
  assert.equal(res.status, 207, res.body);
  assert.match(res.headers.get("content-type") ?? "", /^application\/xml/);
  const root = parseDav(res.body);
  assert.equal(root.namespaceURI, DAV);
  assert.equal(root.localName, "multistatus");
  const responses = new Map<string, DavResponse>();
  for (const r of children(root, DAV, "response")) {
    const href = child(r, DAV, "href")!.textContent!;
    const props = new Map<string, { status: number; el: Element }>();
    for (const ps of children(r, DAV, "propstat")) {
      const status = statusOf(child(ps, DAV, "status"));
      for (const p of childElements(child(ps, DAV, "prop")!)) props.set(`${p.namespaceURI} ${p.localName}`, { status, el: p });
    }
    const own = child(r, DAV, "status");
    responses.set(href, { href, status: own ? statusOf(own) : undefined, props });
  }
  return { responses, syncToken: child(root, DAV, "sync-token")?.textContent ?? undefined };
}

/** A found property's text (200), or undefined. */
export function propText(r: DavResponse | undefined, ns: string, local: string): string | undefined {
  const p = r?.props.get(`${ns} ${local}`);
  return p && p.status === 200 ? p.el.textContent ?? "" : undefined;
}

/** The names ("ns local") of a found property's child elements (resourcetype, supported-report-set…). */
export function propChildren(r: DavResponse | undefined, ns: string, local: string): string[] {
  const p = r?.props.get(`${ns} ${local}`);
  return p && p.status === 200 ? childElements(p.el).map((e) => `${e.namespaceURI} ${e.localName}`) : [];
}

/** A DAV <error>: the precondition elements it names. */
export function davErrorConditions(res: TestResponse): string[] {
  assert.match(res.headers.get("content-type") ?? "", /^application\/xml/);
  const root = parseDav(res.body);
  assert.equal(`${root.namespaceURI} ${root.localName}`, "DAV: error");
  return childElements(root).map((e) => `${e.namespaceURI} ${e.localName}`).filter((n) => !n.startsWith("urn:x-switchboard"));
}

export const PROPFIND_BASICS = `<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav" xmlns:cs="http://calendarserver.org/ns/">
  <d:prop><d:resourcetype/><d:displayname/><d:getetag/><d:getcontenttype/><d:sync-token/><cs:getctag/>
    <d:current-user-principal/><c:addressbook-home-set/><c:supported-address-data/></d:prop>
</d:propfind>`;

export const syncCollection = (token: string, prop = "<d:getetag/>") =>
  `<d:sync-collection xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop>${prop}</d:prop></d:sync-collection>`;

export const multiget = (hrefs: string[], prop = `<d:getetag/><c:address-data/>`) =>
  `<c:addressbook-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:prop>${prop}</d:prop>${hrefs.map((h) => `<d:href>${h}</d:href>`).join("")}</c:addressbook-multiget>`;

export const query = (filter: string, limit = "") =>
  `<c:addressbook-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><c:address-data/></d:prop>${filter}${limit}</c:addressbook-query>`;
