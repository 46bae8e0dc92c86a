// CardDAV's vocabulary (RFC 6352 on RFC 4918, DESIGN §5.3): namespaces, where things live, and the preconditions a
// read-only server refuses with. The books are core/carddav/books.ts; the properties properties.ts.
import { Forbidden, Malformed } from "../../lib/errors.ts";
import { DAV, el, parseDavBody, parseDepth, qname, type DavElement, type DavNode, type Depth } from "../../lib/webdav.ts";
import { XmlParseError } from "../../lib/xml-parse.ts";

export const CARDDAV = "urn:ietf:params:xml:ns:carddav";
/** getctag: Apple's, which older clients (and some FRITZ!Box firmware) poll instead of sync-token. */
export const CALENDARSERVER = "http://calendarserver.org/ns/";
/** Our error messages inside a DAV <error>. */
export const SWITCHBOARD_NS = "urn:x-switchboard:dav";
export const PREFIXES: Record<string, string> = { [DAV]: "d", [CARDDAV]: "card", [CALENDARSERVER]: "cs", [SWITCHBOARD_NS]: "s" };

/** What OPTIONS answers: WebDAV class 1 and 3 and CardDAV (RFC 6352 §6.1). */
export const DAV_COMPLIANCE = { DAV: "1, 3, addressbook" };

export const HOME_PATH = "/carddav/";
export const bookPath = (key: string) => `${HOME_PATH}${encodeURIComponent(key)}/`;
export const cardPath = (key: string, uid: string) => `${bookPath(key)}${encodeURIComponent(uid)}.vcf`;
export const etagOf = (seq: number) => `"${seq}"`;

/** A refused request whose reason is a DAV precondition (RFC 4918 §16): the client reads the element, not the text. */
export class DavPrecondition extends Forbidden {
  constructor(message: string, readonly condition: DavNode) {
    super(message);
  }
}

/** Writes are refused: these books mirror their contact sources, which are changed where they come from. */
export function readOnly(path: string): DavPrecondition {
  return new DavPrecondition("The address books are read-only; change contacts at their source.",
    el(qname(DAV, "need-privileges"), el(qname(DAV, "resource"), el(qname(DAV, "href"), path), el(qname(DAV, "privilege"), el(qname(DAV, "write"))))));
}

export const finiteDepthOnly = () => new DavPrecondition("Depth: infinity is not supported; use 0 or 1.", el(qname(DAV, "propfind-finite-depth")));

/** Request bodies are small (a multiget of a few thousand hrefs); bigger ones are refused before parsing. */
export const REQUEST_BODY_LIMIT = 1024 * 1024;

/** A PROPFIND or REPORT body; undefined when empty (a PROPFIND without body asks for all properties). */
export function parseRequestBody(body: Buffer): DavElement | undefined {
  if (body.toString("utf8").trim() === "") return undefined;
  try {
    return parseDavBody(body, REQUEST_BODY_LIMIT);
  } catch (err) {
    if (err instanceof XmlParseError) throw new Malformed(`${err.message}.`);
    throw err;
  }
}

/** A PROPFIND's Depth (absent is 0: clients that omit it mean the resource) and body. */
export function propfindInput(depthHeader: string | string[] | undefined, body: Buffer): { depth: Depth; body: DavElement | undefined } {
  const depth = parseDepth(depthHeader, "0");
  if (!depth) throw new Malformed("Depth must be 0, 1 or infinity.");
  return { depth, body: parseRequestBody(body) };
}
